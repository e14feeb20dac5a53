package io.isula.server.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.System.Logger.Level;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One request's way back to its client: exactly one response, complete or streamed. */
public final class HttpExchange {
    private static final System.Logger LOG = System.getLogger(HttpExchange.class.getName());
    private static final long MAX_PENDING_STREAM_BYTES = 8L * 1024 * 1024;

    private final Channel channel;
    private final Responses responses;
    private final boolean keepAlive;
    private final Runnable onComplete;
    private final java.util.concurrent.Executor streamInput;
    private final AtomicBoolean responded = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final List<Runnable> disconnectListeners = new CopyOnWriteArrayList<>();
    private final Object workerLock = new Object();
    private Thread worker;
    private boolean interruptOnDisconnect;
    private volatile boolean disconnected;

    HttpExchange(Channel channel, Responses responses, boolean keepAlive, Runnable onComplete) {
        this(channel, responses, keepAlive, onComplete, Runnable::run);
    }

    HttpExchange(Channel channel, Responses responses, boolean keepAlive, Runnable onComplete,
                 java.util.concurrent.Executor streamInput) {
        this.channel = channel;
        this.responses = responses;
        this.keepAlive = keepAlive;
        this.onComplete = onComplete;
        this.streamInput = streamInput;
    }

    public Responses responses() {
        return responses;
    }

    public void send(FullHttpResponse response) {
        if (!responded.compareAndSet(false, true)) {
            response.release();
            throw new IllegalStateException("a response was already sent");
        }
        if (!keepAlive) {
            HttpUtil.setKeepAlive(response, false);
        }
        channel.writeAndFlush(response).addListener(f -> complete());
    }

    public void sendJson(int status, Object body) {
        send(responses.json(status, body));
    }

    public void sendEmpty(int status) {
        send(responses.empty(status));
    }

    public void sendError(ApiError error) {
        send(responses.error(error));
    }

    /** Sends the status line and headers now; the body follows through the returned stream. */
    public ChunkedStream startStream(int status, String contentType) {
        return startStream(status, contentType, java.util.Map.of());
    }

    /** As {@link #startStream(int, String)}, with more headers. */
    public ChunkedStream startStream(int status, String contentType, java.util.Map<String, String> headers) {
        if (!responded.compareAndSet(false, true)) {
            throw new IllegalStateException("a response was already sent");
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        if (!keepAlive) {
            HttpUtil.setKeepAlive(head, false);
        }
        channel.writeAndFlush(head);
        return new ChunkedStream(channel, this::complete, MAX_PENDING_STREAM_BYTES);
    }

    /**
     * Prepares to take the connection over for a raw stream (Docker's hijacked attach and exec start). Output written
     * to it is held until {@link HijackedConnection#upgrade} sends the head (and is this exchange's response; the
     * connection then serves no further requests); {@link HijackedConnection#abandon} gives it back for an error.
     */
    public HijackedConnection hijack() {
        if (hasResponded()) {
            throw new IllegalStateException("a response was already sent");
        }
        return new HijackedConnection(channel, streamInput, MAX_PENDING_STREAM_BYTES,
                () -> responded.compareAndSet(false, true));
    }

    public boolean hasResponded() {
        return responded.get();
    }

    /** Runs {@code listener} (once, on the event loop) if the client goes away before the response is complete. */
    public void onDisconnect(Runnable listener) {
        disconnectListeners.add(listener);
        if (disconnected) {
            listener.run();
        }
    }

    /**
     * Interrupts the worker thread when the client goes away. Only for read-only waits (wait, logs): interrupting a
     * state-changing engine call halfway could leave the container half created.
     */
    public void interruptOnDisconnect() {
        synchronized (workerLock) {
            interruptOnDisconnect = true;
            if (disconnected && worker == Thread.currentThread()) {
                worker.interrupt();
            }
        }
    }

    /** Runs {@code task} in {@code delayMillis} on the connection's event loop; it must not block. */
    public void schedule(Runnable task, long delayMillis) {
        channel.eventLoop().schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    void run(Route route, ApiRequest request, ErrorMapper errors) {
        synchronized (workerLock) {
            worker = Thread.currentThread();
        }
        try {
            route.handle(request, this);
            if (!hasResponded()) {
                sendError(new ApiError(500, "no response for " + request.method() + " " + request.path()));
            }
        } catch (Throwable t) {
            fail(t, errors);
        } finally {
            synchronized (workerLock) {
                worker = null;
            }
            Thread.interrupted();
        }
    }

    void fail(Throwable t, ErrorMapper errors) {
        if (hasResponded()) {
            // a streamed response cannot change its status any more: cut the connection so the client sees it
            channel.close();
            return;
        }
        ApiError error = errors.map(t);
        if (error.status() >= 500 && !(t instanceof io.isula.core.api.EngineException)) {
            LOG.log(Level.WARNING, "request failed: " + error.message(), t);
        }
        sendError(error);
    }

    void disconnected() {
        disconnected = true;
        synchronized (workerLock) {
            if (interruptOnDisconnect && worker != null) {
                worker.interrupt();
            }
        }
        for (Runnable r : disconnectListeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "disconnect listener failed", e);
            }
        }
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            onComplete.run();
        }
    }
}
