package io.isula.server.routes;

import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import io.isula.server.http.HijackedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * A process's output on a hijacked connection, as Docker sends it: raw with a terminal, else one frame per chunk
 * (stream byte 1 stdout / 2 stderr, three zero bytes, big-endian length, data). The connection closes at the end.
 */
final class HijackedSink implements StdioSink {
    static final String RAW = MultiplexedLogWriter.RAW;
    static final String MULTIPLEXED = MultiplexedLogWriter.MULTIPLEXED;

    private final HijackedConnection connection;
    private final boolean multiplexed;

    HijackedSink(HijackedConnection connection, boolean multiplexed) {
        this.connection = connection;
        this.multiplexed = multiplexed;
    }

    static String contentType(boolean tty) {
        return tty ? RAW : MULTIPLEXED;
    }

    @Override
    public boolean output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        return connection.write(frame(stream, data, offset, length));
    }

    /** An error after the head went out: written to the stream, as Docker does. */
    void error(String message) {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        connection.write(frame(LogEntry.Stream.STDERR, b, 0, b.length));
    }

    private ByteBuf frame(LogEntry.Stream stream, byte[] data, int offset, int length) {
        if (!multiplexed) {
            return Unpooled.copiedBuffer(data, offset, length);
        }
        ByteBuf buf = Unpooled.buffer(8 + length);
        buf.writeByte(stream == LogEntry.Stream.STDERR ? 2 : 1);
        buf.writeZero(3);
        buf.writeInt(length);
        buf.writeBytes(data, offset, length);
        return buf;
    }

    @Override
    public void closed() {
        connection.close();
    }
}
