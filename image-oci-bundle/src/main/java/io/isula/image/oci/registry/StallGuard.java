package io.isula.image.oci.registry;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that delivers nothing for longer than the stall timeout: the JDK's HTTP client has no read
 * timeout, and a registry that stops sending mid-body would otherwise hold a pull forever.
 */
final class StallGuard implements AutoCloseable {
    private final long stallNanos;
    private final Closeable body;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    StallGuard(ScheduledExecutorService scheduler, Duration stall, Closeable body) {
        this.stallNanos = stall.toNanos();
        this.body = body;
        long period = Math.max(10, Math.min(1000, stall.toMillis() / 4));
        this.check = scheduler.scheduleWithFixedDelay(this::checkNow, period, period, TimeUnit.MILLISECONDS);
    }

    void progress() {
        lastProgress = System.nanoTime();
    }

    boolean fired() {
        return fired;
    }

    private void checkNow() {
        if (!fired && System.nanoTime() - lastProgress > stallNanos) {
            fired = true;
            try {
                body.close();
            } catch (IOException ignored) {
                // the reader sees the stream end and reports the stall
            }
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
