package io.isula.runtime.kata;

import io.isula.core.api.LogEntry;
import io.isula.runtime.kata.loop.PollLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process's FIFOs read by the poll loop, as a shim writes them: the output arrives and the end comes at release. */
class ProcessIoTest {
    @TempDir
    Path dir;

    @Test
    void outputOfBothStreamsArrivesAndTheEndComesOnceTheWriterAndTheHolderAreGone() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch ended = new CountDownLatch(1);
        try (PollLoop loop = new PollLoop("test-loop")) {
            ProcessIo io = ProcessIo.of(dir, "init", false, true, true);
            io.start(new ProcessIo.Sink() {
                @Override
                public void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
                    (stream == LogEntry.Stream.STDERR ? err : out).write(data, offset, length);
                }

                @Override
                public void ended() {
                    ended.countDown();
                }
            }, loop);
            // the shim's side: write-only opens, which do not block since the engine holds the FIFOs
            try (FileChannel o = FileChannel.open(Path.of(io.stdoutPath()), StandardOpenOption.WRITE);
                 FileChannel e = FileChannel.open(Path.of(io.stderrPath()), StandardOpenOption.WRITE)) {
                io.release();
                o.write(ByteBuffer.wrap("to stdout\n".getBytes(StandardCharsets.UTF_8)));
                e.write(ByteBuffer.wrap("to stderr\n".getBytes(StandardCharsets.UTF_8)));
                assertFalse(ended.await(200, TimeUnit.MILLISECONDS), "no end while the shim holds its side");
            }
            io.drained(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertTrue(ended.await(5, TimeUnit.SECONDS));
            assertEquals("to stdout\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("to stderr\n", err.toString(StandardCharsets.UTF_8));
            io.close();
            io.remove();
        }
    }

    @Test
    void closingStopsTheReadingAndEndsTheSink() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        try (PollLoop loop = new PollLoop("test-loop")) {
            ProcessIo io = ProcessIo.of(dir, "exec-x", false, true, true);
            io.start(new ProcessIo.Sink() {
                @Override
                public void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
                }

                @Override
                public void ended() {
                    ended.countDown();
                }
            }, loop);
            io.close();
            assertTrue(ended.await(5, TimeUnit.SECONDS), "a detach ends the sink");
            io.remove();
        }
    }
}
