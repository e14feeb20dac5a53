package io.isula.core.internal.events;

import io.isula.core.api.EngineEvent;
import java.lang.System.Logger.Level;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Publishes engine events to live subscribers and keeps a bounded history for {@code --since}. */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

    private final int capacity;
    private final Deque<EngineEvent> history = new ArrayDeque<>();
    private final List<Consumer<EngineEvent>> subscribers = new CopyOnWriteArrayList<>();

    public EventBus(int capacity) {
        this.capacity = capacity;
    }

    public void publish(String type, String action, String id, Map<String, String> attributes) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        EngineEvent event = new EngineEvent(type, action, new EngineEvent.Actor(id, Map.copyOf(attributes)),
                now.getEpochSecond(), nanos);
        synchronized (history) {
            history.addLast(event);
            if (history.size() > capacity) {
                history.removeFirst();
            }
            for (Consumer<EngineEvent> s : subscribers) {
                deliver(s, event);
            }
        }
    }

    /** Replays retained events newer than {@code sinceNanos} (if &gt; 0), then delivers live ones until closed. */
    public AutoCloseable subscribe(long sinceNanos, Consumer<EngineEvent> listener) {
        synchronized (history) {
            if (sinceNanos > 0) {
                for (EngineEvent e : new ArrayList<>(history)) {
                    if (e.timeNano() >= sinceNanos) {
                        deliver(listener, e);
                    }
                }
            }
            subscribers.add(listener);
        }
        return () -> subscribers.remove(listener);
    }

    private static void deliver(Consumer<EngineEvent> listener, EngineEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "event subscriber failed: {0}", e.toString());
        }
    }
}
