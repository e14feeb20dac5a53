package io.isula.core.internal.logs;

import io.isula.core.api.LogEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns CRI log lines ({@code <RFC3339Nano> stdout|stderr F|P <text>}) into entries, one reader's lines after another
 * (it keeps the last second it read: see {@link CriTime}).
 */
final class CriLineParser {
    private final CriTime times = new CriTime();

    /**
     * The entry of the line in {@code b[from, to)} (without its newline), or null when it is not a CRI line or its
     * stream is not wanted. A complete ({@code F}) line's text ends with a newline, taken from {@code b[to]} when the
     * line's own newline is there.
     */
    LogEntry parse(byte[] b, int from, int to, boolean stdout, boolean stderr) {
        int s1 = indexOf(b, from, to, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(b, s1 + 1, to, (byte) ' ');
        if (s2 < 0) {
            return null;
        }
        int s3 = indexOf(b, s2 + 1, to, (byte) ' ');
        if (s3 < 0) {
            if (to <= s2 + 1) {
                return null;
            }
            s3 = to;
        }
        LogEntry.Stream stream = stream(b, s1, s2);
        if (stream == null || !(stream == LogEntry.Stream.STDOUT ? stdout : stderr)) {
            return null;
        }
        Instant time = times.parse(b, from, s1);
        if (time == null) {
            return null;
        }
        int textFrom = Math.min(s3 + 1, to);
        return new LogEntry(stream, time, text(b, textFrom, to, b[s2 + 1] == 'P'));
    }

    private static LogEntry.Stream stream(byte[] b, int s1, int s2) {
        if (s2 - s1 - 1 != 6 || b[s1 + 1] != 's' || b[s1 + 2] != 't' || b[s1 + 3] != 'd') {
            return null;
        }
        if (b[s1 + 4] == 'o' && b[s1 + 5] == 'u' && b[s1 + 6] == 't') {
            return LogEntry.Stream.STDOUT;
        }
        if (b[s1 + 4] == 'e' && b[s1 + 5] == 'r' && b[s1 + 6] == 'r') {
            return LogEntry.Stream.STDERR;
        }
        return null;
    }

    private static String text(byte[] b, int from, int to, boolean partial) {
        if (partial) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        if (to < b.length && b[to] == '\n') {
            return new String(b, from, to - from + 1, StandardCharsets.UTF_8);
        }
        byte[] withNewline = new byte[to - from + 1];
        System.arraycopy(b, from, withNewline, 0, to - from);
        withNewline[withNewline.length - 1] = '\n';
        return new String(withNewline, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
