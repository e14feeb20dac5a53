package io.isula.image.oci.store;

import java.util.HashMap;
import java.util.Map;

/** Counters by key that forget a key at zero (layer users, pins). Not thread-safe: the store's lock guards it. */
final class Counts {
    private final Map<String, Integer> counts = new HashMap<>();

    void add(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    /** Decrements and returns the new count. */
    int remove(String key) {
        Integer now = counts.get(key);
        if (now == null) {
            throw new IllegalStateException("count of " + key + " is already zero");
        }
        if (now == 1) {
            counts.remove(key);
            return 0;
        }
        counts.put(key, now - 1);
        return now - 1;
    }

    int get(String key) {
        return counts.getOrDefault(key, 0);
    }

    void clear() {
        counts.clear();
    }
}
