package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The kata bundle stopped in the daemon's console while a shim v2 container runs: the container runs on, new work
 * for the runtime is refused clearly, and once the bundle is started again the container is picked up (exec, stop).
 */
class ShimV2LiveProviderTest {
    private static final String BUNDLE = "io.isula.runtime-kata-bundle";
    private static final String RUNTIME = "io.containerd.runc.v2";

    @Test
    void stoppingTheKataBundleLeavesShimContainersRunningAndStartingItPicksThemUp() {
        try (BusyboxRootfs rootfs = BusyboxRootfs.create(); Daemon daemon = Daemon.startWithConsole("")) {
            Isula isula = daemon.isula();
            String name = E2eBase.uniqueName("shim-live");
            isula.ok("run", "-d", "-n", name, "--runtime", RUNTIME, "--external-rootfs", rootfs.path().toString(),
                    "none", "sleep", "1000");
            long pid = Long.parseLong(isula.ok("inspect", "-f", "{{.State.Pid}}", name).out());

            daemon.console(Daemon.bundleCommand(BUNDLE, "stop"));
            Result[] refused = {null};
            // a run that meets the bundle while it stops may fail otherwise: only the refusal ends the wait
            Poll.until(Duration.ofSeconds(30), "runtime " + RUNTIME + " to leave", () -> {
                refused[0] = isula.run("run", "--rm", "--runtime", RUNTIME, "--external-rootfs",
                        rootfs.path().toString(), "none", "true");
                return refused[0].stderr().contains("runtime " + RUNTIME + " is not available");
            }, () -> refused[0] + "\n" + daemon.logTail());
            assertEquals(125, refused[0].exitCode(), refused[0]::toString);
            assertTrue(Procs.alive(pid), "the container runs on without its bundle");
            assertTrue(isula.ok("ps").out().contains(name), "ps still lists it");
            assertEquals(String.valueOf(pid), isula.ok("inspect", "-f", "{{.State.Pid}}", name).out());

            daemon.console(Daemon.bundleCommand(BUNDLE, "start"));
            Result[] exec = {null};
            Poll.until(Duration.ofSeconds(30), "the container to be managed again", () -> {
                exec[0] = isula.run("exec", name, "echo", "picked-up-again");
                return exec[0].exitCode() == 0;
            }, () -> exec[0] + "\n" + daemon.logTail());
            assertEquals("picked-up-again", exec[0].out());
            assertEquals(name, isula.ok("stop", "-t", "1", name).out());
            assertEquals("exited/137", isula.ok("inspect", "-f", "{{.State.Status}}/{{.State.ExitCode}}", name).out());
            Poll.until(Duration.ofSeconds(10), "the container's process to be gone", () -> !Procs.alive(pid));
            isula.ok("rm", name);
        }
    }
}
