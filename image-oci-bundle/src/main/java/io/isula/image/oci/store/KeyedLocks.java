package io.isula.image.oci.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per key (a chain id, a digest), kept only while someone holds or waits for it. */
final class KeyedLocks {
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** Blocks until {@code key} is free; the returned handle releases it. */
    Held lock(String key) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        e.lock.lock();
        return () -> {
            e.lock.unlock();
            synchronized (entries) {
                if (--e.users == 0) {
                    entries.remove(key);
                }
            }
        };
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
