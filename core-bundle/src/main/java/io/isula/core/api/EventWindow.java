package io.isula.core.api;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link ContainerEngine#events} over {@link ContainerEngine#subscribe}: events after {@code until} are dropped and a
 * timer ends the window at {@code until}.
 */
final class EventWindow implements AutoCloseable {
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Runnable onEnd;
    private volatile AutoCloseable subscription;
    private Thread timer;

    private EventWindow(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    static AutoCloseable open(ContainerEngine engine, long since, long until, Consumer<EngineEvent> listener,
                              Runnable onEnd) {
        EventWindow w = new EventWindow(onEnd);
        w.subscription = engine.subscribe(since, e -> {
            if (until <= 0 || e.timeNano() <= until) {
                listener.accept(e);
            }
        });
        if (until > 0) {
            w.timer = new Thread(() -> {
                try {
                    long left = until / 1_000_000L - System.currentTimeMillis();
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                    w.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "isula-events-until");
            w.timer.setDaemon(true);
            w.timer.start();
        }
        return w;
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            try {
                AutoCloseable s = subscription;
                if (s != null) {
                    s.close();
                }
            } catch (Exception ignored) {
                // closing a subscription cannot fail in a way that matters here
            } finally {
                onEnd.run();
            }
        }
    }
}
