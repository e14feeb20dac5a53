package io.isula.core.util.conmon;

import com.sun.jna.Native;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The read end of a FIFO, opened without waiting for a writer, read line by line with deadlines. End of file is
 * only meaningful once the writer has opened its end (an empty FIFO nobody writes to reads as end of file); a poll
 * reports nothing before a writer came, so opening the read end before the writer's process starts lets that process
 * open its end without waiting. conmon's sync and exec pipes are read this way, in the calling thread.
 */
public final class FifoReader implements AutoCloseable {
    private final int fd;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[4096];
    private boolean eof;
    private boolean closed;

    private FifoReader(int fd) {
        this.fd = fd;
    }

    public static FifoReader open(Path fifo) throws IOException {
        int fd = Libc.C.open(fifo.toString(), Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("open " + fifo + ": " + Libc.error(Native.getLastError()));
        }
        return new FifoReader(fd);
    }

    public int fd() {
        return fd;
    }

    /** The next complete line (without its newline), or null at end of file or when {@code timeoutMillis} passed. */
    public String readLine(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            String line = takeLine();
            if (line != null || eof) {
                return line;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            int[] pfd = {fd, Libc.POLLIN};
            int r = Libc.C.poll(pfd, 1, (int) Math.min(left, Integer.MAX_VALUE));
            if (r < 0) {
                int errno = Native.getLastError();
                if (errno != Libc.EINTR) {
                    throw new IOException("poll: " + Libc.error(errno));
                }
                continue;
            }
            if (r > 0) {
                fill();
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for the writer to come, write and close its end; returns how many bytes it
     * wrote, or -1 when it has not closed its end in time.
     */
    public int readToEnd(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!eof) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return -1;
            }
            int[] pfd = {fd, Libc.POLLIN};
            int r = Libc.C.poll(pfd, 1, (int) Math.min(left, Integer.MAX_VALUE));
            if (r < 0 && Native.getLastError() != Libc.EINTR) {
                throw new IOException("poll: " + Libc.error(Native.getLastError()));
            }
            if (r > 0) {
                fill();
            }
        }
        return pending.size();
    }

    /** Reads what is there now (after a poll said so); sets end of file when the writers are gone. */
    public void fill() throws IOException {
        while (true) {
            long n = Libc.C.read(fd, chunk, chunk.length);
            if (n > 0) {
                pending.write(chunk, 0, (int) n);
                if (pending.size() > 1 << 20) {
                    throw new IOException("conmon wrote more than 1 MiB without a newline");
                }
                continue;
            }
            if (n == 0) {
                eof = true;
                return;
            }
            int errno = Native.getLastError();
            if (errno == Libc.EAGAIN) {
                return;
            }
            if (errno != Libc.EINTR) {
                throw new IOException("read: " + Libc.error(errno));
            }
        }
    }

    /** A complete line already read, or null. */
    public String takeLine() {
        byte[] b = pending.toByteArray();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                pending.reset();
                pending.write(b, i + 1, b.length - i - 1);
                return new String(b, 0, i, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public boolean atEof() {
        return eof;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.C.close(fd);
        }
    }
}
