package io.isula.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.util.FileTrees;
import io.isula.core.util.JsonFields;
import io.isula.core.util.conmon.ConmonProcess;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code runc delete} of a container whose init has exited, without running runc (a Go process of ~20 ms on the
 * way of every {@code rm} and {@code run --rm}). For a stopped container runc only removes the container's cgroup
 * folders, named in its {@code state.json}, and then its state folder. Whatever else runc would have to do sends
 * the caller back to {@code runc delete}: poststop hooks to run, a pid namespace not of its own (runc would kill what
 * is left in the cgroup), an Intel RDT group, an init still alive, or a cgroup that does not empty.
 */
final class StoppedRuncState {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What tells whether runc would do more than remove folders (the rest of state.json is mostly seccomp). */
    private static final List<String> FIELDS = List.of("config/Hooks/poststop", "config/cgroups/Systemd",
            "config/namespaces", "intel_rdt_path", "init_process_pid", "init_process_start", "cgroup_paths");
    private static final int RMDIR_TRIES = 5;
    private static final long RMDIR_PAUSE_MILLIS = 10;

    private final Path cgroupRoot;

    StoppedRuncState(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    /**
     * Removes the runc state in {@code stateDir} and the cgroups it names. True when done, or when there was no such
     * state; false, with nothing removed but possibly some emptied cgroups, when {@code runc delete} must do it.
     */
    boolean remove(Path stateDir) throws IOException {
        Path stateFile = stateDir.resolve("state.json");
        JsonNode state;
        try {
            state = JsonFields.pick(JSON, Files.readAllBytes(stateFile), FIELDS);
        } catch (NoSuchFileException e) {
            return !Files.exists(stateDir);
        }
        if (!onlyFoldersToRemove(state) || initAlive(state)) {
            return false;
        }
        List<Path> cgroups = cgroupFolders(state.path("cgroup_paths"));
        if (cgroups == null) {
            return false;
        }
        for (Path cgroup : cgroups) {
            if (!removeCgroup(cgroup)) {
                return false;
            }
        }
        FileTrees.delete(stateDir);
        return true;
    }

    private static boolean onlyFoldersToRemove(JsonNode state) {
        JsonNode config = state.path("config");
        JsonNode poststop = config.path("Hooks").path("poststop");
        if (!poststop.isMissingNode() && !poststop.isNull() && !poststop.isEmpty()) {
            return false;
        }
        if (!state.path("intel_rdt_path").asText("").isEmpty() || config.path("cgroups").path("Systemd").asBoolean()) {
            return false; // runc would also remove the RDT group, or stop the container's systemd unit
        }
        for (JsonNode ns : config.path("namespaces")) {
            if ("NEWPID".equals(ns.path("type").asText()) && ns.path("path").asText("").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The init by its pid and its start time (a recycled pid is another process). */
    private static boolean initAlive(JsonNode state) throws IOException {
        long pid = state.path("init_process_pid").asLong(0);
        long start = state.path("init_process_start").asLong(-1);
        if (pid <= 0) {
            return false;
        }
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        return ConmonProcess.startTimeOf(stat) == start;
    }

    /** The cgroup folders, all under the cgroup root; null when one is not. */
    private List<Path> cgroupFolders(JsonNode paths) {
        List<Path> folders = new ArrayList<>();
        for (Iterator<JsonNode> it = paths.elements(); it.hasNext(); ) {
            Path p = Path.of(it.next().asText("")).normalize();
            if (!p.isAbsolute() || !p.startsWith(cgroupRoot) || p.equals(cgroupRoot)) {
                return null;
            }
            folders.add(p);
        }
        return folders;
    }

    /** rmdir, as runc does: a cgroup empties a moment after its last task exits, so a busy one is tried again. */
    private static boolean removeCgroup(Path cgroup) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.deleteIfExists(cgroup);
                return true;
            } catch (DirectoryNotEmptyException e) {
                return false; // a child cgroup: runc walks those
            } catch (FileSystemException e) {
                if (attempt == RMDIR_TRIES) {
                    return false;
                }
                sleep();
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(RMDIR_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing cgroups", e);
        }
    }
}
