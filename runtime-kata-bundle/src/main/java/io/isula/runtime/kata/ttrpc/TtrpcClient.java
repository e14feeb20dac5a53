package io.isula.runtime.kata.ttrpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ttrpc client on one Unix socket connection. Calls are multiplexed: each gets its own odd stream id and a reader
 * thread hands every response to the call that waits for it. A call with a deadline gives up when it passes (its late
 * answer is dropped); anything the server sends that breaks the protocol (a malformed frame, an oversized length, a
 * response on a stream never opened) or the connection's end fails every pending call with the reason and closes
 * the connection: no call ever waits on a dead connection.
 */
public final class TtrpcClient implements AutoCloseable {
    private final SocketChannel channel;
    private final String peer;
    private final Map<String, String> metadata;
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<Envelopes.Response>> pending = new ConcurrentHashMap<>();
    /** Streams whose caller gave up: their answer may still come and is dropped. */
    private final Set<Integer> abandoned = ConcurrentHashMap.newKeySet();
    private final Object writeLock = new Object();
    private volatile IOException failure;

    private TtrpcClient(SocketChannel channel, String peer, Map<String, String> metadata) {
        this.channel = channel;
        this.peer = peer;
        this.metadata = Map.copyOf(metadata);
        Thread reader = new Thread(this::readLoop, "ttrpc-reader " + peer);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code socket}; {@code metadata} goes with every request. */
    public static TtrpcClient connect(Path socket, Map<String, String> metadata) throws TtrpcException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new TtrpcClient(ch, socket.toString(), metadata);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was sent
                }
            }
            throw new TtrpcException("cannot connect to ttrpc socket " + socket + ": " + e.getMessage(), e);
        }
    }

    public boolean isOpen() {
        return failure == null && channel.isOpen();
    }

    /**
     * Calls {@code service/method} and returns the response payload. {@code deadline} null waits as long as the
     * connection lives (only for calls the server holds on purpose, such as Wait).
     */
    public byte[] call(String service, String method, byte[] payload, Duration deadline) throws TtrpcException {
        IOException failed = failure;
        if (failed != null) {
            throw new TtrpcException("ttrpc connection to " + peer + " is closed: " + failed.getMessage(), failed);
        }
        int stream = nextStream.getAndAdd(2);
        CompletableFuture<Envelopes.Response> answer = new CompletableFuture<>();
        pending.put(stream, answer);
        long timeoutNanos = deadline == null ? 0 : deadline.toNanos();
        byte[] request = new Envelopes.Request(service, method, payload, timeoutNanos, metadata).encode();
        try {
            synchronized (writeLock) {
                new Frame(stream, Frame.REQUEST, (byte) 0, request).write(channel);
            }
        } catch (IOException | RuntimeException e) {
            pending.remove(stream);
            fail(new IOException("sending " + method + " failed: " + e.getMessage(), e));
            throw new TtrpcException("ttrpc " + method + " to " + peer + " failed: " + e.getMessage(), e);
        }
        try {
            Envelopes.Response response = deadline == null ? answer.get()
                    : answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return unwrap(response);
        } catch (TimeoutException e) {
            abandoned.add(stream);
            pending.remove(stream);
            throw new TtrpcException(TtrpcException.DEADLINE_EXCEEDED, "ttrpc " + method + " to " + peer
                    + " got no answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            abandoned.add(stream);
            pending.remove(stream);
            Thread.currentThread().interrupt();
            throw new TtrpcException("ttrpc " + method + " to " + peer + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new TtrpcException("ttrpc " + method + " to " + peer + " failed: " + cause.getMessage(), cause);
        }
    }

    private static byte[] unwrap(Envelopes.Response r) throws TtrpcException {
        if (r.status() != null && r.status().code() != 0) {
            throw new TtrpcException(r.status().code(), r.status().message());
        }
        return r.payload();
    }

    private void readLoop() {
        try {
            while (true) {
                Frame f = Frame.read(channel);
                if (f == null) {
                    fail(new IOException("the server closed the connection"));
                    return;
                }
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
                CompletableFuture<Envelopes.Response> call = pending.remove(f.streamId());
                if (call != null) {
                    call.complete(response);
                } else if (!abandoned.remove(f.streamId())) {
                    throw new ProtocolException("ttrpc response on stream " + Integer.toUnsignedString(f.streamId())
                            + ", which no call opened");
                }
            }
        } catch (ProtocolException e) {
            fail(new IOException("protocol error: " + e.getMessage()));
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Fails every pending call and every later one with {@code cause}, and closes the connection. */
    private void fail(IOException cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Integer stream : Set.copyOf(pending.keySet())) {
            CompletableFuture<Envelopes.Response> call = pending.remove(stream);
            if (call != null) {
                call.completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        fail(new IOException("the connection was closed by the engine"));
    }
}
