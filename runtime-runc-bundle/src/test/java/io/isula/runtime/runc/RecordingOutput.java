package io.isula.runtime.runc;

import io.isula.core.api.LogEntry;
import io.isula.core.spi.ProcessOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Records what a runtime hands the kernel over a stdio connection. */
final class RecordingOutput implements ProcessOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean exitBeforeClose;

    @Override
    public synchronized void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        (stream == LogEntry.Stream.STDERR ? err : out).write(data, offset, length);
        notifyAll();
    }

    @Override
    public void closed() {
        exitBeforeClose = exit.isDone();
        closed.complete(null);
    }

    @Override
    public void exited(int exitCode) {
        exit.complete(exitCode);
    }

    synchronized String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void awaitClosed(Duration timeout) throws Exception {
        closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    boolean exitCameBeforeClose() {
        return exitBeforeClose;
    }

    /** Waits until stdout contains {@code text}. */
    synchronized void awaitStdout(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no '" + text + "' in stdout within " + timeout + "; got: " + stdout());
            }
            wait(left);
        }
    }
}
