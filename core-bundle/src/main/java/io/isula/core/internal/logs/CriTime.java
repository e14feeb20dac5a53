package io.isula.core.internal.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The RFC 3339 times of CRI log lines ({@code 2026-01-02T03:04:05.123456789Z} or with {@code +hh:mm}), read straight
 * from the bytes: the JDK's formatter costs more than the rest of a line's handling together. Consecutive lines
 * mostly fall in the same second, so the last date-and-second read is kept and only the fraction read again.
 */
final class CriTime {
    private static final int SECOND_LENGTH = 19;
    private final byte[] lastSecond = new byte[SECOND_LENGTH];
    private long lastLocalEpochSecond = Long.MIN_VALUE;

    /** The time in {@code b[from, to)}, or null when it is not one. */
    Instant parse(byte[] b, int from, int to) {
        int len = to - from;
        if (len < SECOND_LENGTH + 1) {
            return null;
        }
        long localSecond;
        if (lastLocalEpochSecond != Long.MIN_VALUE
                && Arrays.equals(b, from, from + SECOND_LENGTH, lastSecond, 0, SECOND_LENGTH)) {
            localSecond = lastLocalEpochSecond;
        } else {
            localSecond = localEpochSecond(b, from);
            if (localSecond == Long.MIN_VALUE) {
                return null;
            }
            System.arraycopy(b, from, lastSecond, 0, SECOND_LENGTH);
            lastLocalEpochSecond = localSecond;
        }
        return withFractionAndOffset(b, from + SECOND_LENGTH, to, localSecond);
    }

    /** {@code yyyy-mm-ddThh:mm:ss} at {@code from} as seconds since the epoch, before any offset; MIN_VALUE if bad. */
    private static long localEpochSecond(byte[] b, int from) {
        if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return Long.MIN_VALUE;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return days * 86400 + hour * 3600L + minute * 60L + second;
    }

    /** The optional {@code .fraction} and the zone ({@code Z} or {@code ±hh:mm}) in {@code b[i, to)}. */
    private static Instant withFractionAndOffset(byte[] b, int i, int to, long localSecond) {
        long nanos = 0;
        if (i < to && b[i] == '.') {
            i++;
            int scale = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (scale < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                    scale++;
                }
                i++;
            }
            for (; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        long offsetSeconds;
        if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || om < 0) {
                return null;
            }
            offsetSeconds = (b[i] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
        } else {
            return null;
        }
        return Instant.ofEpochSecond(localSecond - offsetSeconds, nanos);
    }

    private static int digits(byte[] b, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
