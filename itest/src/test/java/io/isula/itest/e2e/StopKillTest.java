package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code isula stop} and {@code isula kill}: how long they take and the exit code left behind. */
class StopKillTest extends E2eBase {
    private static final String TRAP_TERM = "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done";
    private static final String TRAP_USR1 = "trap 'exit 10' USR1; echo ready; while true; do sleep 0.1; done";

    @Test
    void stopEscalatesToSigkillAfterTheTimeoutWhenPid1IgnoresSigterm() {
        String name = uniqueName("stopslow");
        runDetached(name, "sleep", "1000");
        long pid = pidOf(name);
        // busybox sleep as PID 1 has no SIGTERM handler, and the kernel drops unhandled signals to PID 1
        Result stop = isula("stop", "-t", "2", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertEquals(name, stop.out(), stop::toString);
        long ms = stop.took().toMillis();
        assertTrue(ms >= 2000, () -> "stop -t 2 returned after " + ms + " ms, before the 2 s grace period\n" + stop);
        assertTrue(ms < 7000, () -> "stop -t 2 took " + ms + " ms (expected < 2 s + 5 s)\n" + stop);
        assertEquals("exited", status(name));
        assertEquals("137", inspectF(name, "{{.State.ExitCode}}"));
        awaitGone(pid, Duration.ofSeconds(5));
    }

    @Test
    void stopIsFastWhenTheContainerHandlesSigterm() {
        String name = uniqueName("stoptrap");
        runDetached(name, "sh", "-c", TRAP_TERM);
        awaitLog(name, "ready", Duration.ofSeconds(15));
        Result stop = isula("stop", "-t", "10", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertTrue(stop.took().toMillis() < 5000, () -> "a container that exits on SIGTERM must stop well before -t 10:\n" + stop);
        assertEquals("exited", status(name));
        assertEquals("0", inspectF(name, "{{.State.ExitCode}}"));
    }

    @Test
    void stopForceKillsAtOnce() {
        String name = uniqueName("stopf");
        runDetached(name, "sleep", "1000");
        Result stop = isula("stop", "-f", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertTrue(stop.took().toMillis() < 5000, () -> "stop -f must not wait for the grace period:\n" + stop);
        assertEquals("exited", status(name));
        assertEquals("137", inspectF(name, "{{.State.ExitCode}}"));
    }

    @Test
    void killWithSignalReachesTheContainersHandler() {
        String name = uniqueName("usr1");
        runDetached(name, "sh", "-c", TRAP_USR1);
        awaitLog(name, "ready", Duration.ofSeconds(15));
        Result kill = isula("kill", "-s", "USR1", name);
        assertEquals(0, kill.exitCode(), kill::toString);
        assertEquals(name, kill.out(), kill::toString);
        awaitStatus(name, "exited", Duration.ofSeconds(10));
        assertEquals("10", inspectF(name, "{{.State.ExitCode}}"));
    }

    @Test
    void defaultKillIsSigkillAndKillingAStoppedContainerFails() {
        String name = uniqueName("kill");
        runDetached(name, "sleep", "1000");
        Result kill = isula("kill", name);
        assertEquals(0, kill.exitCode(), kill::toString);
        awaitStatus(name, "exited", Duration.ofSeconds(10));
        assertEquals("137", inspectF(name, "{{.State.ExitCode}}"));

        Result again = isula("kill", name);
        assertEquals(1, again.exitCode(), () -> "kill of a stopped container must fail with 1:\n" + again);
        assertTrue(again.stderr().toLowerCase().contains("not running"),
                () -> "the message must say the container is not running:\n" + again);
    }

    @Test
    void stopOfAnAlreadyStoppedContainerSucceeds() {
        String name = uniqueName("stopstopped");
        create(name, List.of(), "true");
        Result start = isula("start", "-a", name);
        assertEquals(0, start.exitCode(), start::toString);
        Result stop = isula("stop", name);
        assertEquals(0, stop.exitCode(), () -> "stopping an exited container is not an error (as docker/iSulad):\n" + stop);
    }
}
