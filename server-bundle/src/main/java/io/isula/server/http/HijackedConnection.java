package io.isula.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection taken over from HTTP after the response head, as Docker's attach and exec start do: with
 * {@code Upgrade: tcp} the head is {@code 101 UPGRADED}, else {@code 200 OK}; then raw bytes flow both ways until
 * either side closes. The client's input is handed to {@link Input} on an executor, one chunk at a time (reading
 * pauses meanwhile, so a slow process slows the client rather than filling the daemon's memory); its half-close is
 * {@link Input#end()}. Output written before the head went out is held and sent right after it.
 */
public final class HijackedConnection {
    private static final System.Logger LOG = System.getLogger(HijackedConnection.class.getName());

    /** What the client sends. Calls come from the input executor, in order. */
    public interface Input {
        void data(byte[] bytes);

        /** The client half-closed: no more input. */
        void end();

        /** The connection is gone (either side closed it). */
        void closed();
    }

    private final Channel channel;
    private final Executor inputExecutor;
    private final long maxPendingBytes;
    private final List<ByteBuf> held = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.function.BooleanSupplier commit;
    private boolean upgraded;
    private boolean closeAfterUpgrade;

    /** {@code commit} claims the exchange's one response; false when one was sent already. */
    HijackedConnection(Channel channel, Executor inputExecutor, long maxPendingBytes,
                       java.util.function.BooleanSupplier commit) {
        this.channel = channel;
        this.inputExecutor = inputExecutor;
        this.maxPendingBytes = maxPendingBytes;
        this.commit = commit;
        // bytes the client sends early must wait for the take-over, not be parsed as another HTTP request
        channel.config().setAutoRead(false);
    }

    /** Gives the connection back to HTTP (the request failed before the take-over; an error response follows). */
    public void abandon() {
        release();
        channel.config().setAutoRead(true);
    }

    /**
     * Sends the head and turns the connection into a raw stream; {@code input} then gets what the client sends.
     *
     * @param upgrade the client asked for {@code Upgrade: tcp}
     */
    public void upgrade(boolean upgrade, String contentType, Input input) {
        if (!commit.getAsBoolean()) {
            throw new IllegalStateException("a response was already sent");
        }
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                release();
                input.closed();
                return;
            }
            HttpResponse head = upgrade
                    ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(101, "UPGRADED"))
                    : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            if (upgrade) {
                head.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
                head.headers().set(HttpHeaderNames.UPGRADE, "tcp");
            }
            ChannelPipeline p = channel.pipeline();
            removeIfPresent(p, "keep-alive");
            channel.write(head);
            removeIfPresent(p, "api");
            removeIfPresent(p, "body");
            removeIfPresent(p, "upload");
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            p.addLast("hijacked", new InputHandler(input));
            removeIfPresent(p, "http");
            boolean closeNow;
            synchronized (held) {
                held.forEach(channel::write);
                held.clear();
                upgraded = true;
                closeNow = closeAfterUpgrade;
            }
            channel.flush();
            channel.config().setAutoRead(true);
            if (closeNow) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /**
     * Writes output without blocking; a client that lets more than the limit pile up unread is disconnected.
     *
     * @return false once the connection is gone
     */
    public boolean write(ByteBuf data) {
        synchronized (held) {
            if (!upgraded && channel.isActive()) {
                // before the head: kept even when the end is already known (an exec that failed to start)
                held.add(data);
                return true;
            }
        }
        if (closed.get() || !channel.isActive()) {
            data.release();
            return false;
        }
        if (channel.bytesBeforeWritable() > maxPendingBytes) {
            data.release();
            LOG.log(System.Logger.Level.DEBUG, "closing a hijacked connection whose client does not read");
            channel.close();
            return false;
        }
        channel.writeAndFlush(data);
        return true;
    }

    public boolean isOpen() {
        return !closed.get() && channel.isActive();
    }

    /** Sends what is written and closes the connection. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (held) {
                if (!upgraded) {
                    closeAfterUpgrade = true;
                    return;
                }
            }
            channel.eventLoop().execute(
                    () -> channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
        }
    }

    private void release() {
        synchronized (held) {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }

    private static void removeIfPresent(ChannelPipeline p, String name) {
        if (p.get(name) != null) {
            p.remove(name);
        }
    }

    /** The client's bytes, one chunk at a time on the input executor. */
    private final class InputHandler extends ChannelInboundHandlerAdapter {
        private final Input input;
        private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
        private boolean draining;
        private boolean inputEnded;
        private boolean gone;

        InputHandler(Input input) {
            this.input = input;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(buf);
            buf.release();
            if (bytes.length == 0) {
                return;
            }
            ctx.channel().config().setAutoRead(false);
            submit(ctx, () -> input.data(bytes), true);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !inputEnded) {
                inputEnded = true;
                submit(ctx, input::end, false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.set(true);
            release();
            if (!gone) {
                gone = true;
                submit(ctx, input::closed, false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, "hijacked connection failed", cause);
            ctx.close();
        }

        /** Queues {@code task} behind the earlier ones: data, its end and the close reach the process in order. */
        private void submit(ChannelHandlerContext ctx, Runnable task, boolean resumeReading) {
            boolean start;
            synchronized (queue) {
                queue.add(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "input of a hijacked connection: {0}", e.toString());
                    } finally {
                        if (resumeReading) {
                            resumeReading(ctx.channel());
                        }
                    }
                });
                start = !draining;
                draining = true;
            }
            if (start) {
                try {
                    inputExecutor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    synchronized (queue) {
                        queue.clear();
                        draining = false;
                    }
                    ctx.close();
                }
            }
        }

        /** On the event loop: a channel whose input is shut down must not be asked to read again. */
        private void resumeReading(Channel ch) {
            ch.eventLoop().execute(() -> {
                boolean inputShut = ch instanceof io.netty.channel.socket.DuplexChannel d && d.isInputShutdown();
                if (ch.isActive() && !inputShut) {
                    ch.config().setAutoRead(true);
                }
            });
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (queue) {
                    next = queue.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                next.run();
            }
        }
    }
}
