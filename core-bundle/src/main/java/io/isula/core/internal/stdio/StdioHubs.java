package io.isula.core.internal.stdio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The stdio hub of each container that somebody attached to. */
public final class StdioHubs {
    private final Map<String, StdioHub> hubs = new ConcurrentHashMap<>();

    public StdioHub hub(String containerId, Function<String, StdioHub> create) {
        return hubs.computeIfAbsent(containerId, create);
    }

    public StdioHub find(String containerId) {
        return hubs.get(containerId);
    }

    /** Ends the hub of a removed container. */
    public void remove(String containerId) {
        StdioHub h = hubs.remove(containerId);
        if (h != null) {
            h.close();
        }
    }
}
