package io.isula.cli.http;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogSink;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns a Docker log body into {@link LogEntry}s. A multiplexed body is a sequence of frames: byte 0 the
 * stream (1 stdout, 2 stderr), bytes 4..7 the big-endian payload length. A raw body (TTY containers) is
 * plain stdout text. With timestamps each line starts with an RFC 3339 time and a space.
 */
public final class LogStreamDecoder {
    /** A sink that takes the bytes as they came (no text decoding): for printing them unchanged. */
    public interface RawSink extends LogSink {
        boolean write(LogEntry.Stream stream, byte[] data, int offset, int length);
    }

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final boolean timestamps;

    public LogStreamDecoder(boolean timestamps) { this.timestamps = timestamps; }

    /** Decodes until the body ends or the sink refuses more; {@code contentType} may be null. */
    public void decode(InputStream body, String contentType, LogSink sink) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 8);
        if (isMultiplexed(in, contentType)) {
            frames(in, sink);
        } else {
            rawLines(in, sink);
        }
    }

    private static boolean isMultiplexed(PushbackInputStream in, String contentType) throws IOException {
        if (contentType != null && contentType.contains("raw-stream")) {
            return false;
        }
        if (contentType != null && contentType.contains("multiplexed-stream")) {
            return true;
        }
        byte[] head = new byte[8];
        int n = in.readNBytes(head, 0, 8);
        in.unread(head, 0, n);
        return n == 8 && head[0] >= 0 && head[0] <= 2 && head[1] == 0 && head[2] == 0 && head[3] == 0;
    }

    private void frames(InputStream in, LogSink sink) throws IOException {
        byte[] header = new byte[8];
        byte[] payload = new byte[8192];
        while (true) {
            int n = in.readNBytes(header, 0, 8);
            if (n == 0) {
                sink.flush();
                return;
            }
            if (n < 8) {
                throw new EOFException("truncated log frame header");
            }
            long len = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if (len > MAX_FRAME) {
                throw new IOException("log frame too large: " + len);
            }
            if (len > payload.length) {
                payload = new byte[(int) len];
            }
            if (in.readNBytes(payload, 0, (int) len) < len) {
                throw new EOFException("truncated log frame");
            }
            LogEntry.Stream stream = header[0] == 2 ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;
            boolean more = !timestamps && sink instanceof RawSink raw ? raw.write(stream, payload, 0, (int) len)
                    : sink.accept(entry(stream, new String(payload, 0, (int) len, StandardCharsets.UTF_8)));
            if (!more) {
                return;
            }
            if (in.available() == 0 && !sink.flush()) {
                return;
            }
        }
    }

    private void rawLines(InputStream in, LogSink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                if (!sink.accept(entry(LogEntry.Stream.STDOUT, line.toString(StandardCharsets.UTF_8)))) {
                    return;
                }
                line.reset();
                if (in.available() == 0 && !sink.flush()) {
                    return;
                }
            }
        }
        if (line.size() > 0) {
            sink.accept(entry(LogEntry.Stream.STDOUT, line.toString(StandardCharsets.UTF_8)));
        }
        sink.flush();
    }

    private LogEntry entry(LogEntry.Stream stream, String text) {
        if (timestamps) {
            int sp = text.indexOf(' ');
            if (sp > 0) {
                try {
                    return new LogEntry(stream, Instant.parse(text.substring(0, sp)), text.substring(sp + 1));
                } catch (DateTimeParseException e) {
                    // not a timestamp after all: keep the text whole
                }
            }
        }
        return new LogEntry(stream, null, text);
    }
}
