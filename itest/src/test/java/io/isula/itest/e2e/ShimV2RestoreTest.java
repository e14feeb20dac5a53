package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Shim v2 containers (io.containerd.runc.v2) outlive a daemon killed with SIGKILL and are found again through the
 * bundle's {@code address}; a shim killed with SIGKILL is noticed, its container marked exited and its files cleaned.
 */
class ShimV2RestoreTest extends E2eBase {
    private static final Pattern TICK = Pattern.compile("tick (\\d+)");

    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }

    @Test
    void aRunningContainerSurvivesADaemonKill9AndLosesNoOutput() {
        String name = uniqueName("shim-restore");
        String id = runDetached(name, "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done");
        long pid = pidOf(name);
        long shim = shimOf(id);
        awaitLog(name, "tick 3", Duration.ofSeconds(10));

        daemon.kill9();
        // the container goes on writing while nobody reads: the shim keeps the pipe
        sleep(1000);
        assertTrue(Procs.alive(pid) && Procs.alive(shim), "container and shim outlive the daemon");
        daemon.restart();

        assertEquals("running", status(name), daemon::logTail);
        assertEquals(pid, pidOf(name), "the container keeps its pid");
        awaitLog(name, "tick 40", Duration.ofSeconds(20));
        List<Integer> ticks = TICK.matcher(isula.ok("logs", name).stdout()).results()
                .map(m -> Integer.parseInt(m.group(1))).toList();
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i, ticks.get(i), "no output is lost or repeated across the restart: " + ticks);
        }
        assertEquals("back", isula.ok("exec", name, "echo", "back").out());

        Result stop = isula("stop", "-t", "1", name);
        assertEquals(0, stop.exitCode(), () -> stop + "\n" + daemon.logTail());
        awaitGone(pid, Duration.ofSeconds(10));
        assertEquals("exited", status(name));
        Poll.until(Duration.ofSeconds(10), "the shim to go once its container is released", () -> !Procs.alive(shim));
    }

    @Test
    void aShimKilledWithSigkillIsNoticedAndCleanedUp() throws IOException {
        String live = uniqueName("shim-dead-live");
        String down = uniqueName("shim-dead-down");
        String liveId = runDetached(live, "sleep", "1000");
        String downId = runDetached(down, "sleep", "1000");
        long livePid = pidOf(live);
        long downPid = pidOf(down);
        Path liveSocket = socketOf(liveId);
        Path downSocket = socketOf(downId);
        assertTrue(Files.exists(liveSocket) && Files.exists(downSocket), "each shim listens on its socket");

        // while the daemon runs
        Procs.kill9(shimOf(liveId));
        awaitStatus(live, "exited", Duration.ofSeconds(20));
        assertEquals("137", inspectF(live, "{{.State.ExitCode}}"), daemon::logTail);
        awaitGone(livePid, Duration.ofSeconds(10));
        assertFalse(Files.exists(liveSocket), "the dead shim's socket is removed");
        assertFalse(Files.exists(daemon.bundle(liveId).resolve("address")), "its address file is removed");

        // while the daemon is down
        daemon.kill9();
        Procs.kill9(shimOf(downId));
        daemon.restart();
        awaitStatus(down, "exited", Duration.ofSeconds(20));
        awaitGone(downPid, Duration.ofSeconds(10));
        assertFalse(Files.exists(downSocket), "the dead shim's socket is removed after the restart");
        assertFalse(Files.exists(daemon.bundle(downId).resolve("address")));

        for (String n : List.of(live, down)) {
            Result rm = isula("rm", n);
            assertEquals(0, rm.exitCode(), rm::toString);
        }
    }

    /** The shim's Task socket, from the bundle's {@code address} ({@code unix:///run/containerd/s/…}). */
    private Path socketOf(String id) throws IOException {
        String address = Files.readString(daemon.bundle(id).resolve("address")).strip();
        assertTrue(address.startsWith("unix:///"), address);
        return Path.of(address.substring("unix://".length()));
    }

    /** The pid of the shim serving container {@code id} (its command line names the id). */
    static long shimOf(String id) {
        return Procs.all().stream().filter(p -> {
            String cmd = Procs.cmdline(p);
            return cmd.contains("containerd-shim-") && cmd.contains(id);
        }).findFirst().orElseThrow(() -> new AssertionError("no shim process for container " + id));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
