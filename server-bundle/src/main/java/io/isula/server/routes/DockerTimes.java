package io.isula.server.routes;

import io.isula.core.util.Timestamps;
import io.isula.server.http.ApiException;

import java.time.Instant;

/** Docker's {@code since}/{@code until} query parameters, as {@link Timestamps} reads them. */
final class DockerTimes {
    private DockerTimes() {
    }

    /** Null when absent or empty. */
    static Instant parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Timestamps.parse(value, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + value);
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
