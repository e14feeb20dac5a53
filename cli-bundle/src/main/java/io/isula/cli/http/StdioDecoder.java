package io.isula.cli.http;

import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A hijacked stream's output to a {@link StdioSink}: Docker's frames (stream byte 1 stdout / 2 stderr, three zero
 * bytes, big-endian length) without a terminal, raw stdout with one.
 */
public final class StdioDecoder {
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private StdioDecoder() {
    }

    /** Copies until the stream ends or the sink refuses; does not call {@link StdioSink#closed()}. */
    public static void pump(InputStream in, boolean multiplexed, StdioSink sink) throws IOException {
        if (multiplexed) {
            frames(in, sink);
        } else {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!sink.output(LogEntry.Stream.STDOUT, buf, 0, n)) {
                    return;
                }
            }
        }
    }

    private static void frames(InputStream in, StdioSink sink) throws IOException {
        byte[] header = new byte[8];
        byte[] payload = new byte[16 * 1024];
        while (true) {
            int n = in.readNBytes(header, 0, 8);
            if (n == 0) {
                return;
            }
            if (n < 8) {
                throw new EOFException("truncated stream frame header");
            }
            long len = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if (len > MAX_FRAME) {
                throw new IOException("stream frame too large: " + len);
            }
            if (len > payload.length) {
                payload = new byte[(int) len];
            }
            if (in.readNBytes(payload, 0, (int) len) < len) {
                throw new EOFException("truncated stream frame");
            }
            LogEntry.Stream stream = header[0] == 2 ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;
            if (!sink.output(stream, payload, 0, (int) len)) {
                return;
            }
        }
    }
}
