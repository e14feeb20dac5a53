package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoppedRuncStateTest {
    @TempDir
    Path tmp;
    private Path cgroupRoot;
    private Path state;
    private List<Path> cgroups;
    private StoppedRuncState states;

    @BeforeEach
    void layout() throws IOException {
        cgroupRoot = tmp.resolve("cgroup");
        state = tmp.resolve("runc-root/c1");
        Files.createDirectories(state);
        cgroups = List.of(cgroupRoot.resolve("memory/isulad/c1"), cgroupRoot.resolve("unified/isulad/c1"));
        for (Path cg : cgroups) {
            Files.createDirectories(cg);
        }
        states = new StoppedRuncState(cgroupRoot);
    }

    @Test
    void aStoppedContainerLosesItsCgroupsAndState() throws IOException {
        writeState(deadInit(), "", "null", false, cgroups);
        assertTrue(states.remove(state));
        assertFalse(Files.exists(state));
        cgroups.forEach(cg -> assertFalse(Files.exists(cg), cg::toString));
        assertTrue(Files.isDirectory(cgroupRoot.resolve("memory/isulad")), "only the container's own cgroup goes");
    }

    @Test
    void poststopHooksAreLeftToRunc() throws IOException {
        writeState(deadInit(), "", "[{\"path\":\"/bin/true\"}]", false, cgroups);
        assertKeptForRunc();
    }

    @Test
    void aSharedPidNamespaceIsLeftToRunc() throws IOException {
        // runc kills whatever is left in the cgroup when the container had no pid namespace of its own
        writeState(deadInit(), "/proc/1/ns/pid", "null", false, cgroups);
        assertKeptForRunc();
    }

    @Test
    void systemdCgroupsAreLeftToRunc() throws IOException {
        writeState(deadInit(), "", "null", true, cgroups);
        assertKeptForRunc();
    }

    @Test
    void anInitStillAliveIsLeftToRunc() throws IOException {
        long start = ConmonProcess.startTimeOf(Files.readString(Path.of("/proc/self/stat")));
        writeState(new long[]{ProcessHandle.current().pid(), start}, "", "null", false, cgroups);
        assertKeptForRunc();
    }

    @Test
    void aCgroupOutsideTheCgroupRootIsNeverTouched() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        writeState(deadInit(), "", "null", false, List.of(cgroups.get(0), elsewhere));
        assertKeptForRunc();
        assertTrue(Files.isDirectory(elsewhere));
        Path escaping = cgroupRoot.resolve("memory/../../elsewhere");
        writeState(deadInit(), "", "null", false, List.of(escaping));
        assertKeptForRunc();
        assertTrue(Files.isDirectory(elsewhere));
    }

    @Test
    void aCgroupWithChildrenIsLeftToRunc() throws IOException {
        Files.createDirectories(cgroups.get(0).resolve("child"));
        writeState(deadInit(), "", "null", false, cgroups);
        assertFalse(states.remove(state));
        assertTrue(Files.exists(state.resolve("state.json")));
        assertTrue(Files.isDirectory(cgroups.get(0).resolve("child")));
    }

    @Test
    void noStateAtAllIsAlreadyDeletedButAFolderWithoutStateIsNot() throws IOException {
        assertFalse(states.remove(state), "a folder without state.json: runc tells what it is");
        Files.delete(state);
        assertTrue(states.remove(state));
    }

    @Test
    void anUnreadableStateIsAnError() throws IOException {
        Files.writeString(state.resolve("state.json"), "{not json");
        assertThrows(IOException.class, () -> states.remove(state));
        assertTrue(Files.exists(state.resolve("state.json")));
    }

    private void assertKeptForRunc() throws IOException {
        assertFalse(states.remove(state));
        assertTrue(Files.exists(state.resolve("state.json")), "runc's state is left for runc delete");
    }

    /** The pid and start time of a process that has exited. */
    private static long[] deadInit() throws IOException {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return new long[]{p.pid(), 1};
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private void writeState(long[] init, String pidNamespacePath, String poststop, boolean systemd, List<Path> paths)
            throws IOException {
        StringBuilder cg = new StringBuilder();
        String[] names = {"memory", "", "pids", "cpu"};
        for (int i = 0; i < paths.size(); i++) {
            cg.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":\"").append(paths.get(i)).append('"');
        }
        Files.writeString(state.resolve("state.json"), "{\"id\":\"c1\",\"init_process_pid\":" + init[0]
                + ",\"init_process_start\":" + init[1] + ",\"config\":{\"namespaces\":[{\"type\":\"NEWPID\",\"path\":\""
                + pidNamespacePath + "\"},{\"type\":\"NEWNS\",\"path\":\"\"}],\"cgroups\":{\"Systemd\":" + systemd
                + "},\"Hooks\":{\"poststop\":" + poststop + ",\"prestart\":null}},\"cgroup_paths\":{" + cg
                + "},\"intel_rdt_path\":\"\"}");
    }
}
