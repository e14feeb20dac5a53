package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since}/{@code --until} values: Unix seconds (with a fraction), RFC 3339 (with or without a zone, then
 * local time), a date, or a duration back from now ({@code 10m}, {@code 1h30m}, {@code 500ms}).
 */
final class EventTimes {
    private static final Pattern DURATION = Pattern.compile("((\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    private EventTimes() {
    }

    /** Epoch nanoseconds of {@code value}, {@code now} being the current time in nanoseconds. */
    static long parse(String value, String option, long nowNanos) {
        String v = value.trim();
        try {
            if (v.matches("\\d+(\\.\\d{1,9})?")) {
                int dot = v.indexOf('.');
                long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
                long nanos = dot < 0 ? 0 : Long.parseLong((v.substring(dot + 1) + "000000000").substring(0, 9));
                return seconds * 1_000_000_000L + nanos;
            }
            if (DURATION.matcher(v).matches()) {
                return nowNanos - durationNanos(v);
            }
            Instant t;
            if (v.length() == 10) {
                t = LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } else if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                t = OffsetDateTime.parse(v.matches(".*[+-]\\d\\d\\d\\d$")
                        ? v.substring(0, v.length() - 2) + ":" + v.substring(v.length() - 2) : v).toInstant();
            } else {
                t = LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
            }
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new CliFailure(ExitCodes.INVALID, "Invalid value for --" + option + ": " + value
                    + " (a Unix time, an RFC 3339 time, or a duration such as 10m)");
        }
    }

    private static long durationNanos(String v) {
        Matcher m = PART.matcher(v);
        double total = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            total += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return (long) total;
    }
}
