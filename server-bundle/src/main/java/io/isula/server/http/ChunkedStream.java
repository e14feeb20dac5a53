package io.isula.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.concurrent.atomic.AtomicBoolean;

/** The body of a streamed (chunked) response, written piece by piece as data arrives. */
public final class ChunkedStream {
    private final Channel channel;
    private final Runnable onEnd;
    private final long maxPendingBytes;
    private final AtomicBoolean ended = new AtomicBoolean();

    ChunkedStream(Channel channel, Runnable onEnd, long maxPendingBytes) {
        this.channel = channel;
        this.onEnd = onEnd;
        this.maxPendingBytes = maxPendingBytes;
    }

    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    public boolean isOpen() {
        return !ended.get() && channel.isActive();
    }

    /**
     * Writes {@code data} and, when the client reads slower than we write, waits until it has drained, so a
     * fast producer is slowed to the reader's pace. Call from a worker thread, never the event loop.
     *
     * @return false once the client is gone (or the waiting thread was interrupted): stop producing
     */
    public boolean write(ByteBuf data) {
        if (!isOpen()) {
            data.release();
            return false;
        }
        ChannelFuture written = channel.writeAndFlush(new DefaultHttpContent(data));
        if (!channel.isWritable() && !channel.eventLoop().inEventLoop()) {
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return channel.isActive();
    }

    /**
     * Writes without ever blocking the caller (for engine callback threads); a client that lets more than the
     * limit pile up unread is disconnected rather than letting the daemon's memory grow.
     */
    public boolean offer(ByteBuf data) {
        if (!isOpen()) {
            data.release();
            return false;
        }
        if (channel.bytesBeforeWritable() > maxPendingBytes) {
            data.release();
            channel.close();
            return false;
        }
        channel.writeAndFlush(new DefaultHttpContent(data));
        return true;
    }

    /** Ends the body; safe to call more than once and from any thread. */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> onEnd.run());
        }
    }
}
