package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read end of conmon's sync FIFO, driven by real writer processes. */
class FifoReaderTest {
    @TempDir
    Path dir;

    private Path fifo() throws IOException {
        Path f = dir.resolve("sync");
        Fifos.make(f);
        return f;
    }

    /** A shell that opens the FIFO for writing (as the conmon wrapper does) and runs {@code script} with it on fd 3. */
    private static Process writer(Path fifo, String script) throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", "exec 3>\"$0\"; " + script, fifo.toString())
                .redirectErrorStream(true).start();
    }

    @Test
    void aWriterStartedAfterTheReadEndOpensWithoutWaitingAndItsLinesArriveInOrder() throws Exception {
        Path f = fifo();
        try (FifoReader r = FifoReader.open(f)) {
            Process p = writer(f, "printf '{\"data\": 42}\\nsecond' >&3; sleep 0.2; printf ' part\\n' >&3");
            assertEquals("{\"data\": 42}", r.readLine(10_000));
            assertEquals("second part", r.readLine(10_000));
            assertEquals(0, p.waitFor());
            assertNull(r.readLine(10_000), "the writer is gone: end of file");
            assertTrue(r.atEof());
        }
    }

    @Test
    void noWriterYetIsATimeoutNotAnEndOfFile() throws Exception {
        try (FifoReader r = FifoReader.open(fifo())) {
            long t0 = System.nanoTime();
            assertNull(r.readLine(150));
            assertTrue(System.nanoTime() - t0 >= 100_000_000L, "waited for the timeout");
            assertFalse(r.atEof());
        }
    }

    @Test
    void aWriterThatClosesWithoutAWordIsAnEndOfFile() throws Exception {
        Path f = fifo();
        try (FifoReader r = FifoReader.open(f)) {
            Process p = writer(f, "exit 0");
            assertNull(r.readLine(10_000));
            assertTrue(r.atEof());
            p.waitFor();
        }
    }

    @Test
    void aPartialLineAtEndOfFileIsNotALine() throws Exception {
        Path f = fifo();
        try (FifoReader r = FifoReader.open(f)) {
            writer(f, "printf 'no newline' >&3").waitFor();
            assertNull(r.readLine(10_000));
            assertTrue(r.atEof());
        }
    }

    @Test
    void aMissingFifoIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> FifoReader.open(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }
}
