package io.isula.server.routes;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogSink;
import io.isula.server.http.ChunkedStream;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes log entries the way Docker does. Without a TTY each entry is a frame: one stream byte (1 stdout,
 * 2 stderr), three zero bytes, the payload length as a big-endian uint32, the payload. With a TTY the text goes
 * out raw, since the container had one merged stream.
 */
final class MultiplexedLogWriter implements LogSink {
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";
    static final int HEADER_BYTES = 8;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ChunkedStream out;
    private final boolean multiplexed;
    private final boolean timestamps;
    /** Frames gathered until the reader runs dry or a batch is full: one chunk and one flush for many lines. */
    private ByteBuf pending;
    private static final int BATCH_BYTES = 64 * 1024;

    MultiplexedLogWriter(ChunkedStream out, boolean multiplexed, boolean timestamps) {
        this.out = out;
        this.multiplexed = multiplexed;
        this.timestamps = timestamps;
        this.pending = out.alloc().buffer(BATCH_BYTES + 1024);
    }

    @Override
    public boolean accept(LogEntry entry) {
        int header = beginFrame(entry.stream());
        int length = 0;
        if (timestamps && entry.time() != null) {
            length += pending.writeCharSequence(TIMESTAMP.format(entry.time()), StandardCharsets.US_ASCII);
            pending.writeByte(' ');
            length++;
        }
        length += pending.writeCharSequence(entry.text(), StandardCharsets.UTF_8);
        endFrame(header, length);
        return pending.readableBytes() < BATCH_BYTES || flush();
    }

    /** Sends the frames gathered so far as one chunk. */
    @Override
    public boolean flush() {
        if (pending.readableBytes() == 0) {
            return out.isOpen();
        }
        ByteBuf batch = pending;
        pending = out.alloc().buffer(BATCH_BYTES + 1024);
        return out.write(batch);
    }

    /** Writes an error in the stream, as Docker does once the status line is already sent. */
    boolean error(String message) {
        frame(LogEntry.Stream.STDERR, (message + "\n").getBytes(StandardCharsets.UTF_8));
        return flush();
    }

    /** Drops what was gathered (the stream ended without it). */
    void release() {
        pending.release();
    }

    private void frame(LogEntry.Stream stream, byte[] payload) {
        int header = beginFrame(stream);
        pending.writeBytes(payload);
        endFrame(header, payload.length);
    }

    /** Writes the frame's header with its length still open; returns where the header is (-1 when raw). */
    private int beginFrame(LogEntry.Stream stream) {
        if (!multiplexed) {
            return -1;
        }
        int at = pending.writerIndex();
        pending.writeByte(stream == LogEntry.Stream.STDERR ? 2 : 1);
        pending.writeZero(3);
        pending.writeInt(0);
        return at;
    }

    private void endFrame(int header, int payloadLength) {
        if (header >= 0) {
            pending.setInt(header + 4, payloadLength);
        }
    }
}
