package io.isula.core.internal.logs;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a container log in the CRI format the runtimes write ({@code <RFC3339Nano> stdout|stderr F|P <text>}
 * per line), with Docker's {@code tail} and {@code follow}.
 */
public final class CriLogReader {
    private static final long FOLLOW_POLL_MILLIS = 50;
    private static final int CHUNK = 64 * 1024;

    /** The writer's side, as a follower sees it. */
    public interface Writer {
        /** Waits up to {@code millis} for the writer to stop; true while it is still writing. */
        boolean stillWriting(long millis) throws InterruptedException;
    }

    /**
     * Streams entries to {@code sink}. With follow, returns once the writer stopped and the file holds
     * nothing more, or when the sink refuses an entry.
     */
    public void read(Path log, LogOptions options, Writer writer, LogSink sink)
            throws IOException, InterruptedException {
        if (options.tail() == 0 && !options.follow()) {
            return;
        }
        try (FileChannel ch = openWhenPresent(log, options.follow(), writer)) {
            if (ch == null) {
                return;
            }
            long start = options.tail() < 0 ? 0 : startOfLastLines(ch, options.tail());
            ch.position(start);
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n > 0) {
                    if (!emitLines(buf.array(), n, pending, options, sink)) {
                        return;
                    }
                    continue;
                }
                if (!options.follow()) {
                    return;
                }
                if (!writer.stillWriting(FOLLOW_POLL_MILLIS) && ch.position() >= ch.size()) {
                    return;
                }
            }
        }
    }

    private static FileChannel openWhenPresent(Path log, boolean follow, Writer writer)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return FileChannel.open(log, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                if (!follow || !writer.stillWriting(FOLLOW_POLL_MILLIS)) {
                    return null;
                }
            }
        }
    }

    private static boolean emitLines(byte[] data, int length, ByteArrayOutputStream pending, LogOptions options,
                                     LogSink sink) {
        int from = 0;
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                pending.write(data, from, i - from);
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                from = i + 1;
                LogEntry entry = parse(line);
                if (entry != null && wanted(entry, options) && !sink.accept(entry)) {
                    return false;
                }
            }
        }
        pending.write(data, from, length - from);
        return true;
    }

    private static boolean wanted(LogEntry e, LogOptions o) {
        return e.stream() == LogEntry.Stream.STDOUT ? o.stdout() : o.stderr();
    }

    /** Parses one CRI log line; null if it is not one. */
    static LogEntry parse(String line) {
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        int s3 = s2 < 0 ? -1 : line.indexOf(' ', s2 + 1);
        if (s3 < 0 && s2 > 0 && line.length() > s2 + 1) {
            s3 = line.length();
        }
        if (s3 < 0) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(line.substring(0, s1));
        } catch (DateTimeParseException e) {
            return null;
        }
        String streamName = line.substring(s1 + 1, s2);
        LogEntry.Stream stream = switch (streamName) {
            case "stdout" -> LogEntry.Stream.STDOUT;
            case "stderr" -> LogEntry.Stream.STDERR;
            default -> null;
        };
        if (stream == null) {
            return null;
        }
        String tag = line.substring(s2 + 1, s3);
        String text = s3 >= line.length() ? "" : line.substring(s3 + 1);
        boolean partial = tag.startsWith("P");
        return new LogEntry(stream, time, partial ? text : text + "\n");
    }

    /** The file offset where the last {@code lines} lines begin. */
    private static long startOfLastLines(FileChannel ch, int lines) throws IOException {
        long size = ch.size();
        long pos = size;
        int newlines = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        boolean first = true;
        while (pos > 0) {
            int len = (int) Math.min(CHUNK, pos);
            pos -= len;
            buf.clear().limit(len);
            ch.read(buf, pos);
            for (int i = len - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    if (first && pos + i == size - 1) {
                        first = false;
                        continue;
                    }
                    first = false;
                    if (++newlines == lines) {
                        return pos + i + 1;
                    }
                }
                first = false;
            }
        }
        return 0;
    }
}
