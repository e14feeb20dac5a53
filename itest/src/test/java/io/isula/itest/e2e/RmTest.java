package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code isula rm [-f]}: refuses running containers, and removal leaves no process and no bundle behind. */
class RmTest extends E2eBase {

    @Test
    void rmOfARunningContainerFailsAndLeavesItRunning() {
        String name = uniqueName("rmrun");
        runDetached(name, "sleep", "1000");
        long pid = pidOf(name);
        Result rm = isula("rm", name);
        assertEquals(1, rm.exitCode(), () -> "rm of a running container must fail with 1:\n" + rm);
        assertTrue(rm.stderr().toLowerCase().contains("running"), () -> "the message must say it is running:\n" + rm);
        assertEquals("running", status(name));
        assertEquals(pid, pidOf(name));
        assertTrue(Procs.alive(pid), "the container process must be untouched");
    }

    @Test
    void rmForceKillsTheProcessAndRemovesTheBundle() {
        String name = uniqueName("rmf");
        String id = runDetached(name, "sleep", "1000");
        long pid = pidOf(name);
        assertTrue(pid > 0 && Procs.alive(pid), "the container's pid must be a live process: " + pid);
        Path bundle = daemon.bundle(id);
        assertTrue(Files.isDirectory(bundle), () -> "expected the bundle at " + bundle);

        Result rm = isula("rm", "-f", name);
        assertEquals(0, rm.exitCode(), rm::toString);
        assertEquals(name, rm.out(), rm::toString);
        awaitGone(pid, Duration.ofSeconds(10));
        assertFalse(Files.exists(bundle), () -> "rm -f must remove the bundle " + bundle);
        Result inspect = isula("inspect", name);
        assertEquals(1, inspect.exitCode(), inspect::toString);
        assertFalse(isula.ok("ps", "-a").stdout().contains(name));
    }

    @Test
    void rmOfAnExitedContainerRemovesTheBundle() {
        String name = uniqueName("rmexited");
        Result run = isula(withRootfs(java.util.List.of("run", "-n", name), "true"));
        assertEquals(0, run.exitCode(), run::toString);
        String id = inspectF(name, "{{.Id}}");
        assertTrue(Files.isDirectory(daemon.bundle(id)), "bundle expected before rm");
        Result rm = isula("rm", name);
        assertEquals(0, rm.exitCode(), rm::toString);
        assertFalse(Files.exists(daemon.bundle(id)), "rm must remove the bundle");
        assertTrue(daemon.engineEntries().stream().noneMatch(p -> p.getFileName().toString().equals(id)),
                () -> "nothing of " + id + " may remain under graph/engines: " + daemon.engineEntries());
    }

    /** The cgroups of an exited container go with it, and so does runc's state where the daemon keeps it. */
    @Test
    void rmOfAnExitedContainerRemovesItsRuncStateAndCgroups() {
        String name = uniqueName("rmcg");
        String id = runDetached(name, "sleep", "1000");
        java.util.Optional<Path> runcState = runcState(id);
        java.util.List<Path> cgroups = java.util.stream.Stream.of("memory", "cpu", "pids", "freezer", "devices")
                .map(controller -> Cgroups.file(controller, id, "")).toList();
        runcState.ifPresent(dir -> assertTrue(Files.isDirectory(dir), () -> "runc's state expected at " + dir));
        cgroups.forEach(cg -> assertTrue(Files.isDirectory(cg), () -> "cgroup expected at " + cg));
        isula.ok("kill", name);
        Poll.until(Duration.ofSeconds(10), name + " to exit", () -> "exited".equals(status(name)));
        isula.ok("rm", name);
        runcState.ifPresent(dir -> assertFalse(Files.exists(dir), () -> "rm must remove runc's state " + dir));
        cgroups.forEach(cg -> assertFalse(Files.exists(cg), () -> "rm must remove the cgroup " + cg));
    }

    /** Where runc keeps the state of container {@code id} for this class's runtime (runc: under the daemon's state). */
    protected java.util.Optional<Path> runcState(String id) {
        return java.util.Optional.of(daemon.state().resolve("runc/.runc-root").resolve(id));
    }
}
