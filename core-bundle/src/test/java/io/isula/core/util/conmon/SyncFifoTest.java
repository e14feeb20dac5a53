package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncFifoTest {
    @TempDir
    Path tmp;

    @Test
    void theProgramWritesItsReportOnFd3() throws Exception {
        Path fifo = tmp.resolve("sync");
        try (SyncFifo sync = SyncFifo.open(fifo)) {
            Process p = start(sync, "printf '{\"data\": 42}\\n' >&3; sleep 5");
            try {
                assertEquals("{\"data\": 42}", sync.firstLine(null, deadline(5_000)));
                assertFalse(sync.closedByConmon(), "the writer still holds the pipe");
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
        assertFalse(Files.exists(fifo), "closing removes the FIFO");
    }

    @Test
    void aProgramThatEndsWithoutAWordClosesThePipe() throws Exception {
        try (SyncFifo sync = SyncFifo.open(tmp.resolve("sync"))) {
            Process p = start(sync, "exit 1");
            assertNull(sync.firstLine(null, deadline(5_000)));
            assertTrue(sync.closedByConmon());
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSilentProgramRunsIntoTheDeadline() throws Exception {
        try (SyncFifo sync = SyncFifo.open(tmp.resolve("sync"))) {
            Process p = start(sync, "sleep 5");
            try {
                long t0 = System.nanoTime();
                assertNull(sync.firstLine(null, deadline(300)));
                assertFalse(sync.closedByConmon(), "a timeout, not an end");
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aLeftoverFileIsReplacedByTheFifo() throws IOException {
        Path leftover = Files.writeString(tmp.resolve("sync"), "old");
        try (SyncFifo sync = SyncFifo.open(leftover)) {
            assertEquals(List.of("/bin/sh", "-c"), sync.shellCommand(List.of("conmon")).subList(0, 2));
            assertTrue(Files.exists(leftover) && !Files.isRegularFile(leftover), "a FIFO now");
        }
    }

    @Test
    void conmonGetsItsSyncPipeNumberWorkingDirectoryAndLog() throws Exception {
        Path log = tmp.resolve("conmon.log");
        try (SyncFifo sync = SyncFifo.open(tmp.resolve("sync"))) {
            ProcessBuilder pb = sync.conmon(List.of("/bin/sh", "-c",
                    "printf '%s %s\\n' \"$_OCI_SYNCPIPE\" \"$PWD\" >&3; echo warning >&2"), tmp, log);
            assertFalse(pb.environment().containsKey("NOTIFY_SOCKET"), "the service manager's variables are dropped");
            Process p = pb.start();
            assertEquals("3 " + tmp, sync.firstLine(null, deadline(5_000)));
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        }
        assertEquals("warning\n", Files.readString(log), "conmon's stderr goes to its log");
    }

    private static Process start(SyncFifo sync, String script) throws IOException {
        return new ProcessBuilder(sync.shellCommand(List.of("/bin/sh", "-c", script)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long deadline(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
