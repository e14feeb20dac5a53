package io.isula.core.api;

import java.time.Instant;

/** One chunk of container output; {@code text} includes its trailing newline when the line was complete. */
public record LogEntry(Stream stream, Instant time, String text) {
    public enum Stream { STDOUT, STDERR }
}
