package io.isula.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request body read by a worker thread while the event loop still receives it. The event loop
 * {@link #offer}s chunks; when too many wait, it stops reading from the socket until the worker catches up.
 */
final class BodyStream extends InputStream {
    private static final int PAUSE_AT = 16;
    private static final int RESUME_AT = 4;

    private final Channel channel;
    private final Deque<ByteBuf> chunks = new ArrayDeque<>();
    private boolean ended;
    private String failure;
    private boolean closed;

    BodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop; takes ownership of {@code chunk}. */
    synchronized void offer(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        chunks.add(chunk);
        if (chunks.size() >= PAUSE_AT) {
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void fail(String why) {
        if (!ended) {
            failure = why;
        }
        ended = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (closed) {
                throw new IOException("request body closed");
            }
            ByteBuf head = chunks.peek();
            if (head != null) {
                int n = Math.min(len, head.readableBytes());
                head.readBytes(b, off, n);
                if (!head.isReadable()) {
                    chunks.poll().release();
                    if (chunks.size() <= RESUME_AT && !channel.config().isAutoRead()) {
                        channel.config().setAutoRead(true);
                    }
                }
                return n;
            }
            if (ended) {
                if (failure != null) {
                    throw new IOException(failure);
                }
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body");
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            chunk.release();
        }
        channel.config().setAutoRead(true);
        notifyAll();
    }
}
