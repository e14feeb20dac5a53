package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shim v2 runtime adds no thread per container (issue 8): one poll loop reads every container's stdout, stderr
 * and shim log and every ttrpc connection, Wait is an asynchronous call, and a few workers come and go with the work.
 */
class ShimV2ThreadsTest extends E2eBase {
    private static final int CONTAINERS = 10;
    /** The workers (at most four) may be alive or not when the threads are counted. */
    private static final int WORKERS = 4;

    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }

    @Test
    void tenRunningContainersAddNoDaemonThreads() {
        String warm = uniqueName("shim-threads-warm");
        runDetached(warm, "sh", "-c", "echo warm; sleep 1000");
        awaitLog(warm, "warm", Duration.ofSeconds(10));
        DaemonResources before = DaemonResources.of(daemon.pid());
        assertEquals(1, before.threads("shim-io"), () -> "one I/O loop: " + before.threadNames());

        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            String name = uniqueName("shim-threads-" + i);
            names.add(name);
            runDetached(name, "sh", "-c", "echo out " + name + "; echo err " + name + " >&2; sleep 1000");
        }
        for (String name : names) {
            awaitLog(name, "err " + name, Duration.ofSeconds(10));
            assertTrue(isula.ok("logs", name).stdout().contains("out " + name), "stdout of " + name + " is read");
        }
        assertEquals("exec " + names.get(0), isula.ok("exec", names.get(0), "echo", "exec", names.get(0)).out());

        DaemonResources running = DaemonResources.of(daemon.pid());
        int nonWorkers = running.threads() - (int) running.threads("shim-worker");
        int nonWorkersBefore = before.threads() - (int) before.threads("shim-worker");
        assertTrue(nonWorkers <= nonWorkersBefore + 2 && running.threads("shim-worker") <= WORKERS,
                () -> CONTAINERS + " more containers must not add threads: before " + before.threadNames()
                        + ", with them " + running.threadNames());
        for (String perContainer : List.of("shim-wait", "shim-log", "shim-exec", "ttrpc-reader", "ttrpc-server-co")) {
            assertEquals(0, running.threads(perContainer), () -> perContainer + " threads: " + running.threadNames());
        }
        assertEquals(1, running.threads("shim-io"), () -> "one I/O loop: " + running.threadNames());

        for (String name : names) {
            isula.ok("kill", name);
        }
        for (String name : names) {
            awaitStatus(name, "exited", Duration.ofSeconds(15));
            assertEquals("137", inspectF(name, "{{.State.ExitCode}}"), name);
        }
    }
}
