package io.isula.core.internal.store;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 with nanoseconds, and Go's zero time for "never" as Docker prints it. */
public final class Times {
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private Times() {
    }

    public static String format(Instant t) {
        return t == null || t.equals(Instant.EPOCH) ? ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(t);
    }

    public static Instant parse(String s) {
        if (s == null || s.isBlank() || s.equals(ZERO_TIME)) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
