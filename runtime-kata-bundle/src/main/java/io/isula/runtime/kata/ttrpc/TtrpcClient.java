package io.isula.runtime.kata.ttrpc;

import io.isula.runtime.kata.loop.PollLoop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ttrpc client on one Unix socket connection. Calls are multiplexed: each gets its own odd stream id, and the
 * shared {@link PollLoop} reads the responses and completes the call waiting for each (no thread of its own). A call
 * with a deadline gives up when it passes (its late answer is dropped); {@link #callAsync} has none and completes
 * whenever the answer comes (Wait). Anything the server sends that breaks the protocol (a malformed frame, an
 * oversized length, a response on a stream never opened) or the connection's end fails every pending call with the
 * reason and closes the connection: no call ever waits on a dead connection.
 */
public final class TtrpcClient implements AutoCloseable {
    private final UnixStream socket;
    private final String peer;
    private final Map<String, String> metadata;
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    /** Streams whose caller gave up: their answer may still come and is dropped. */
    private final Set<Integer> abandoned = ConcurrentHashMap.newKeySet();
    private final FrameDecoder decoder = new FrameDecoder();
    private final PollLoop.Registration registration;
    private volatile IOException failure;

    private TtrpcClient(UnixStream socket, String peer, Map<String, String> metadata, PollLoop loop) {
        this.socket = socket;
        this.peer = peer;
        this.metadata = Map.copyOf(metadata);
        this.registration = loop.add(socket.fd(), new Reader());
    }

    /** Connects to {@code socket}; {@code metadata} goes with every request; {@code loop} reads the answers. */
    public static TtrpcClient connect(Path socket, Map<String, String> metadata, PollLoop loop) throws TtrpcException {
        UnixStream s;
        try {
            s = UnixStream.connect(socket);
        } catch (IOException e) {
            throw new TtrpcException("cannot connect to ttrpc socket " + socket + ": " + e.getMessage(), e);
        }
        return new TtrpcClient(s, socket.toString(), metadata, loop);
    }

    public boolean isOpen() {
        return failure == null;
    }

    /**
     * Calls {@code service/method} and returns the response payload. {@code deadline} null waits as long as the
     * connection lives.
     */
    public byte[] call(String service, String method, byte[] payload, Duration deadline) throws TtrpcException {
        long timeoutNanos = deadline == null ? 0 : deadline.toNanos();
        int stream = nextStream.getAndAdd(2);
        CompletableFuture<byte[]> answer = send(stream, service, method, payload, timeoutNanos);
        try {
            return deadline == null ? answer.get() : answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(stream);
            throw new TtrpcException(TtrpcException.DEADLINE_EXCEEDED, "ttrpc " + method + " to " + peer
                    + " got no answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            abandon(stream);
            Thread.currentThread().interrupt();
            throw new TtrpcException("ttrpc " + method + " to " + peer + " was interrupted", e);
        } catch (ExecutionException e) {
            throw (TtrpcException) e.getCause();
        }
    }

    /**
     * Calls {@code service/method} without a deadline (for calls the server holds on purpose, such as Wait): the
     * future completes with the payload, or with a {@link TtrpcException}, on the loop thread.
     */
    public CompletableFuture<byte[]> callAsync(String service, String method, byte[] payload) {
        try {
            return send(nextStream.getAndAdd(2), service, method, payload, 0);
        } catch (TtrpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The cause of a failed {@link #callAsync}, as the exception it completed with. */
    public static TtrpcException failureOf(Throwable t) {
        Throwable c = t instanceof CompletionException || t instanceof ExecutionException ? t.getCause() : t;
        return c instanceof TtrpcException e ? e : new TtrpcException(String.valueOf(c), c);
    }

    private CompletableFuture<byte[]> send(int stream, String service, String method, byte[] payload,
                                           long timeoutNanos) throws TtrpcException {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        failIfClosed();
        pending.put(stream, answer);
        // fail() sets the failure before it fails the pending calls: one of the two checks sees it
        if (failure != null) {
            pending.remove(stream);
            failIfClosed();
        }
        byte[] frame = new Frame(stream, Frame.REQUEST, (byte) 0,
                new Envelopes.Request(service, method, payload, timeoutNanos, metadata).encode()).encode();
        try {
            socket.send(frame);
        } catch (IOException e) {
            pending.remove(stream);
            fail(new IOException("sending " + method + " failed: " + e.getMessage(), e));
            throw new TtrpcException("ttrpc " + method + " to " + peer + " failed: " + e.getMessage(), e);
        }
        return answer.handle((response, error) -> {
            if (error instanceof TtrpcException answered) {
                throw new CompletionException(answered);
            }
            if (error != null) {
                throw new CompletionException(new TtrpcException("ttrpc " + method + " to " + peer + " failed: "
                        + error.getMessage(), error));
            }
            return response;
        });
    }

    private void failIfClosed() throws TtrpcException {
        IOException failed = failure;
        if (failed != null) {
            throw new TtrpcException("ttrpc connection to " + peer + " is closed: " + failed.getMessage(), failed);
        }
    }

    private void abandon(int stream) {
        abandoned.add(stream);
        pending.remove(stream);
    }

    /** Reads the answers on the loop thread. */
    private final class Reader implements PollLoop.Watcher {
        @Override
        public boolean ready(int fd, byte[] buffer) {
            try {
                int n = socket.receive(buffer);
                if (n < 0) {
                    decoder.end();
                    fail(new IOException("the server closed the connection"));
                    return false;
                }
                decoder.feed(buffer, 0, n, this::answer);
                return true;
            } catch (ProtocolException e) {
                fail(new IOException("protocol error: " + e.getMessage()));
            } catch (IOException e) {
                fail(e);
            }
            return false;
        }

        private void answer(Frame f) {
            if (f.type() != Frame.RESPONSE) {
                throw new ProtocolException("unexpected ttrpc frame type " + f.type() + " on stream "
                        + Integer.toUnsignedString(f.streamId()));
            }
            Envelopes.Response response;
            try {
                response = Envelopes.Response.decode(f.payload());
            } catch (ProtocolException e) {
                throw new ProtocolException("malformed response on stream "
                        + Integer.toUnsignedString(f.streamId()) + ": " + e.getMessage());
            }
            CompletableFuture<byte[]> call = pending.remove(f.streamId());
            if (call != null) {
                if (response.status() != null && response.status().code() != 0) {
                    call.completeExceptionally(new TtrpcException(response.status().code(), response.status().message()));
                } else {
                    call.complete(response.payload());
                }
            } else if (!abandoned.remove(f.streamId())) {
                throw new ProtocolException("ttrpc response on stream " + Integer.toUnsignedString(f.streamId())
                        + ", which no call opened");
            }
        }

        @Override
        public void released() {
            fail(new IOException("the connection was closed by the engine"));
            socket.close();
        }
    }

    /** Fails every pending call and every later one with {@code cause}; the loop then lets the socket go. */
    private void fail(IOException cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
        }
        socket.shutdown();
        for (Integer stream : Set.copyOf(pending.keySet())) {
            CompletableFuture<byte[]> call = pending.remove(stream);
            if (call != null) {
                call.completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        fail(new IOException("the connection was closed by the engine"));
        registration.cancel();
    }
}
