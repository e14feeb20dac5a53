package io.isula.core.internal.exec;

import io.isula.core.api.LogEntry;
import io.isula.core.spi.ProcessOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Collects what a health probe prints (stdout and stderr as they come, up to a limit) and its exit code. */
final class ProbeOutput implements ProcessOutput {
    private final int limit;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private int exitCode = -1;

    ProbeOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        int room = limit - text.size();
        if (room > 0) {
            text.write(data, offset, Math.min(room, length));
        }
    }

    @Override
    public synchronized void exited(int code) {
        exitCode = code;
    }

    @Override
    public void closed() {
        ended.countDown();
    }

    /** Waits for the end (all output, then the exit code); false when {@code timeout} passed first. */
    boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized int exitCode() {
        return exitCode;
    }

    synchronized String text() {
        return text.toString(StandardCharsets.UTF_8);
    }
}
