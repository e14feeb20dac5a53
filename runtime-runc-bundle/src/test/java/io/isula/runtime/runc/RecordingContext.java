package io.isula.runtime.runc;

import io.isula.core.api.DaemonSettings;
import io.isula.core.spi.ProviderContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The kernel's side of a provider, recording every exit it is told about. */
final class RecordingContext implements ProviderContext {
    record Exit(String id, int code, Instant at) {
    }

    private final DaemonSettings settings;
    private final List<Exit> exits = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Exit>> first = new ConcurrentHashMap<>();

    RecordingContext(DaemonSettings settings) {
        this.settings = settings;
    }

    @Override
    public DaemonSettings settings() {
        return settings;
    }

    @Override
    public void containerExited(String containerId, int exitCode, Instant exitedAt) {
        Exit e = new Exit(containerId, exitCode, exitedAt);
        exits.add(e);
        future(containerId).complete(e);
    }

    Exit awaitExit(String id, Duration timeout) throws Exception {
        return future(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long count(String id) {
        return exits.stream().filter(e -> e.id().equals(id)).count();
    }

    private CompletableFuture<Exit> future(String id) {
        return first.computeIfAbsent(id, k -> new CompletableFuture<>());
    }
}
