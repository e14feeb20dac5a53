package io.isula.server.routes;

import io.isula.server.http.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Docker's {@code since}/{@code until}: Unix seconds with an optional nanosecond fraction, or RFC 3339. */
final class DockerTimes {
    private DockerTimes() {
    }

    /** Null when absent or empty. */
    static Instant parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.matches("[0-9]+(\\.[0-9]{1,9})?")) {
                int dot = v.indexOf('.');
                if (dot < 0) {
                    return Instant.ofEpochSecond(Long.parseLong(v));
                }
                String fraction = (v.substring(dot + 1) + "000000000").substring(0, 9);
                return Instant.ofEpochSecond(Long.parseLong(v.substring(0, dot)), Long.parseLong(fraction));
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + value);
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
