package io.isula.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection the daemon took over after {@code 101 UPGRADED} (or {@code 200} with a raw stream): output comes in
 * on {@link #output()}, input goes out with {@link #write}; one thread may read while another writes (the socket is
 * used directly, without the JDK's channel streams, which would serialize the two).
 */
public final class HijackedStream implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream output;
    private final String contentType;

    HijackedStream(SocketChannel channel, InputStream output, String contentType) {
        this.channel = channel;
        this.output = output;
        this.contentType = contentType;
    }

    /** The process's output: raw, or Docker's frames (see {@link #multiplexed()}). */
    public InputStream output() {
        return output;
    }

    public boolean multiplexed() {
        return contentType != null && contentType.contains("multiplexed");
    }

    public boolean raw() {
        return contentType != null && contentType.contains("raw-stream");
    }

    public void write(byte[] data, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Ends the input: the daemon sees the half-close. */
    public void closeInput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to lose
        }
    }

    /** Reads the socket directly, starting with what the response reader had buffered beyond the head. */
    static final class SocketInput extends InputStream {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);

        SocketInput(SocketChannel channel, byte[] leftover) {
            this.channel = channel;
            buffer.put(leftover).flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int n;
                try {
                    n = channel.read(buffer);
                } catch (java.nio.channels.ClosedChannelException e) {
                    return -1;
                }
                buffer.flip();
                if (n < 0) {
                    return -1;
                }
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
