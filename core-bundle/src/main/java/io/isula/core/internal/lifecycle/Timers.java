package io.isula.core.internal.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pending task per container (a restart, the next health probe), on one daemon thread; the task itself should
 * hand long work to another thread. Scheduling again replaces the pending task; {@link #cancel} drops it.
 */
public final class Timers implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    public Timers(String threadName) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void schedule(String id, long delayMillis, Runnable task) {
        if (timer.isShutdown()) {
            return;
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable once = () -> {
            synchronized (pending) {
                pending.remove(id, self[0]);
            }
            task.run();
        };
        synchronized (pending) {
            self[0] = timer.schedule(once, delayMillis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> old = pending.put(id, self[0]);
            if (old != null) {
                old.cancel(false);
            }
        }
    }

    /** True when a task was pending. */
    public boolean cancel(String id) {
        ScheduledFuture<?> f = pending.remove(id);
        return f != null && f.cancel(false);
    }

    public boolean pending(String id) {
        return pending.containsKey(id);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
