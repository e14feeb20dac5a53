package io.isula.core.util;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's time arguments ({@code since}, {@code until}): Unix seconds with an optional fraction, RFC 3339, a date
 * or a date and time without a zone (the host's), or a Go duration counted back from now ({@code 10m}, {@code 1h30m}).
 */
public final class Timestamps {
    private static final Pattern UNIX = Pattern.compile("[0-9]+(\\.[0-9]{1,9})?");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Timestamps() {
    }

    /** The instant {@code value} names; {@code now} anchors durations. Throws IllegalArgumentException naming it. */
    public static Instant parse(String value, Instant now) {
        String v = value.trim();
        try {
            if (UNIX.matcher(v).matches()) {
                return unix(v);
            }
            if (DURATION.matcher(v).matches()) {
                return now.minus(duration(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
            }
            if (v.endsWith("Z") || v.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse \"" + value + "\" as a time: use Unix seconds, "
                    + "RFC 3339 (2006-01-02T15:04:05Z) or a duration such as 10m or 1h30m");
        }
    }

    private static Instant unix(String v) {
        int dot = v.indexOf('.');
        if (dot < 0) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        String fraction = (v.substring(dot + 1) + "000000000").substring(0, 9);
        return Instant.ofEpochSecond(Long.parseLong(v.substring(0, dot)), Long.parseLong(fraction));
    }

    private static Duration duration(String v) {
        long nanos = 0;
        Matcher m = DURATION_PART.matcher(v);
        while (m.find()) {
            BigDecimal part = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2))));
            nanos = Math.addExact(nanos, part.longValueExact());
        }
        return Duration.ofNanos(nanos);
    }
}
