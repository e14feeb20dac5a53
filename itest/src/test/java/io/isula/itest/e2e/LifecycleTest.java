package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pause/unpause, restart, rename, stop signal and restart policies, honoured across a daemon restart. */
class LifecycleTest extends E2eBase {

    private long counter(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void pauseFreezesACounterAndUnpauseResumesIt() {
        String name = uniqueName("pause");
        Path dir = rootfs.path().resolve("tmp").resolve(name);
        runDetached(name, List.of("-v", dir + ":/out"), "sh", "-c",
                "i=0; while :; do i=$((i+1)); echo $i > /out/n.tmp; mv /out/n.tmp /out/n; sleep 0.05; done");
        Path n = dir.resolve("n");
        Poll.until(Duration.ofSeconds(10), "the counter to run", () -> counter(n) > 3);
        assertEquals(name, isula.ok("pause", name).out());
        assertEquals("paused", status(name));
        assertTrue(isula.ok("ps", "--format", "{{.Names}} {{.Status}}").stdout().contains(name + " Up")
                && isula.ok("ps", "--format", "{{.Names}} {{.Status}}").stdout().contains("(Paused)"));
        long frozen = counter(n);
        Poll.sleep(1000);
        assertEquals(frozen, counter(n), "no progress for 1 s while paused");
        Result again = isula("pause", name);
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.stderr().contains("already paused"), again::toString);
        assertEquals(name, isula.ok("unpause", name).out());
        Poll.until(Duration.ofSeconds(10), "the counter to go on", () -> counter(n) > frozen + 3);
        assertEquals("running", status(name));
        isula.ok("pause", name);
        isula.ok("rm", "-f", name);
        assertEquals(1, isula("inspect", name).exitCode(), "a paused container can be force-removed");
    }

    @Test
    void restartStartsANewProcessAndRenameKeepsTheContainer() {
        String name = uniqueName("rst");
        String id = runDetached(name, "sleep", "300");
        long before = pidOf(name);
        Result r = isula.ok("restart", "-t", "1", name);
        assertEquals(name, r.out());
        long after = pidOf(name);
        assertNotEquals(before, after);
        awaitGone(before, Duration.ofSeconds(10));
        String renamed = uniqueName("renamed");
        assertEquals("", isula.ok("rename", name, renamed).out());
        assertEquals(id, inspectF(renamed, "{{.Id}}"));
        assertEquals(1, isula("inspect", name).exitCode(), "the old name is gone");
        runDetached(name, "true");
        Result taken = isula("rename", name, renamed);
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.stderr().contains("already in use"), taken::toString);
        isula.ok("rm", "-f", renamed, name);
    }

    @Test
    void stopSignalIsWhatStopSends() {
        String name = uniqueName("sig");
        runDetached(name, List.of("--stop-signal", "SIGUSR1"), "sh", "-c",
                "trap 'echo got-usr1; exit 42' USR1; echo ready; while :; do sleep 0.1; done");
        awaitLog(name, "ready", Duration.ofSeconds(10));
        isula.ok("stop", "-t", "10", name);
        assertEquals("42", inspectF(name, "{{.State.ExitCode}}"));
        assertEquals("SIGUSR1", inspectF(name, "{{.Config.StopSignal}}"));
        isula.ok("rm", name);
    }

    @Test
    void onFailureRestartsExactlyThreeTimesWithGrowingDelays() {
        String name = uniqueName("onfail");
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = runDetached(name, List.of("--restart", "on-failure:3"), "sh", "-c", "exit 3");
        Result wait = isula.run(Duration.ofSeconds(60), "wait", name);
        assertEquals("3", wait.out(), wait::toString);
        assertEquals("exited", status(name));
        assertEquals("3", inspectF(name, "{{.RestartCount}}"));
        List<Long> starts = new ArrayList<>();
        List<Long> dies = new ArrayList<>();
        for (String line : Events.between(daemon.socket(), since, System.currentTimeMillis() / 1000 + 1).split("\n")) {
            if (!line.startsWith("{") || !line.contains(id)) continue;
            JsonNode e = Json.parse(line, line);
            if (e.path("Action").asText().equals("start")) starts.add(e.path("timeNano").asLong());
            if (e.path("Action").asText().equals("die")) dies.add(e.path("timeNano").asLong());
        }
        assertEquals(4, starts.size(), "the first run and three restarts");
        assertEquals(4, dies.size());
        long d1 = starts.get(1) - dies.get(0);
        long d2 = starts.get(2) - dies.get(1);
        long d3 = starts.get(3) - dies.get(2);
        String delays = "delays (ms): " + d1 / 1_000_000 + ", " + d2 / 1_000_000 + ", " + d3 / 1_000_000;
        assertTrue(d1 >= 100_000_000L, delays);
        assertTrue(d3 >= 400_000_000L, delays);
        assertTrue(d1 < d3 && d2 < d3, "the delays grow (100, 200, 400 ms plus a start each): " + delays);
        isula.ok("rm", name);
    }

    @Test
    void alwaysContainersComeBackAfterADaemonRestart() {
        String name = uniqueName("always");
        runDetached(name, List.of("--restart", "always"), "sleep", "300");
        String stopped = uniqueName("stopped");
        runDetached(stopped, List.of("--restart", "always"), "sleep", "300");
        isula.ok("stop", "-t", "0", stopped);
        long pid = pidOf(name);
        daemon.stop();
        Procs.kill9(pid);
        awaitGone(pid, Duration.ofSeconds(10));
        daemon.restart();
        awaitStatus(name, "running", Duration.ofSeconds(30));
        long again = pidOf(name);
        assertTrue(again > 0 && again != pid, "a new process: " + pid + " then " + again);
        assertEquals("1", inspectF(name, "{{.RestartCount}}"));
        assertEquals("exited", status(stopped), "a container the user stopped stays stopped");
        isula.ok("rm", "-f", name, stopped);
    }

    @Test
    void stopCallsOffAPendingRestartAndRmNeedsForceWhileRestarting() {
        String name = uniqueName("crash");
        runDetached(name, List.of("--restart", "always"), "sh", "-c", "exit 1");
        Poll.until(Duration.ofSeconds(20), name + " to show as restarting in ps", () -> isula.ok("ps", "-a", "--format",
                "{{.Names}} {{.Status}}").stdout().contains(name + " Restarting (1)"));
        Result rm = isula("rm", name);
        assertNotEquals(0, rm.exitCode(), rm::toString);
        isula.ok("stop", name);
        assertEquals("exited", status(name));
        String count = inspectF(name, "{{.RestartCount}}");
        Poll.sleep(1000);
        assertEquals("exited", status(name), "no restart after a stop");
        assertEquals(count, inspectF(name, "{{.RestartCount}}"));
        isula.ok("rm", name);
    }
}
