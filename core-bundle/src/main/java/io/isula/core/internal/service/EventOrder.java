package io.isula.core.internal.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a container's events in the order things happened: a process that exits at once is reported (by the runtime's
 * watcher thread) before its start returns, so its "die" waits until the "start" event is out.
 */
final class EventOrder {
    private final Map<String, List<Runnable>> starting = new HashMap<>();

    /** A start of {@code id} is in flight: events published through {@link #afterStart} wait for it. */
    synchronized void starting(String id) {
        starting.put(id, new ArrayList<>());
    }

    /** Runs {@code publish} now, or right after the start of {@code id} has published its own event. */
    void afterStart(String id, Runnable publish) {
        synchronized (this) {
            List<Runnable> waiting = starting.get(id);
            if (waiting != null) {
                waiting.add(publish);
                return;
            }
        }
        publish.run();
    }

    /** The start of {@code id} is over (published, or failed): what waited runs now. */
    void started(String id) {
        List<Runnable> waiting;
        synchronized (this) {
            waiting = starting.remove(id);
        }
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }
}
