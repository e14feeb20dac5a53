package io.isula.image.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of its reader, so that decompressing and hashing a
 * layer overlap with writing its files. The thread owns {@code content}: it reads it to its end, then reads
 * {@code rest} (the remainder of the compressed blob) to its end, and closes {@code content} when done. Its
 * failure reaches the reader as the same exception. {@link #close()} before the end stops the thread (waiting a
 * bounded time for a read in progress; it is never interrupted, which would close an interruptible channel).
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 4;
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final long POLL_MILLIS = 100;

    private record Chunk(byte[] data, int length, Throwable failure) {
        static final Chunk END = new Chunk(new byte[0], 0, null);
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile boolean stopped;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAhead(InputStream content, InputStream rest) {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        thread = new Thread(() -> produce(content, rest), "isula-layer-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(InputStream content, InputStream rest) {
        // "full" has room for every buffer plus the end or the failure: adding to it never blocks
        try {
            while (true) {
                byte[] buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (stopped) {
                    return;
                }
                if (buffer == null) {
                    continue;
                }
                int length = content.readNBytes(buffer, 0, buffer.length);
                if (length == 0) {
                    break;
                }
                full.add(new Chunk(buffer, length, null));
            }
            rest.transferTo(OutputStream.nullOutputStream());
            full.add(Chunk.END);
        } catch (Throwable t) {
            full.add(new Chunk(null, 0, t));
        } finally {
            try {
                content.close();
            } catch (IOException ignored) {
                // frees decoders only
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current.data, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes sure a chunk with unread bytes is at hand; false at the end. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        if (current != null && position < current.length) {
            return true;
        }
        if (current != null) {
            free.add(current.data);
            current = null;
        }
        Chunk next;
        try {
            next = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the layer");
        }
        if (next.failure != null) {
            ended = true;
            throw rethrow(next.failure);
        }
        if (next == Chunk.END) {
            ended = true;
            return false;
        }
        current = next;
        position = 0;
        return true;
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IOException(failure);
    }

    /** Stops the reading thread if it is not done. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        stopped = true;
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
