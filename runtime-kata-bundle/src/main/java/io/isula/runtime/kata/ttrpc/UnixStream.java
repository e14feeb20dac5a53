package io.isula.runtime.kata.ttrpc;

import com.sun.jna.Native;
import io.isula.core.util.conmon.Libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Unix stream socket as a plain descriptor, so that the shared poll loop can watch it: any thread sends (blocking,
 * one sender at a time), the loop receives without blocking. {@link #close} first shuts the socket down, which wakes
 * a sender blocked on a peer that does not read, then closes the descriptor once no send uses it.
 */
final class UnixStream {
    private static final int SUN_PATH = 108;
    private final int fd;
    private final Object sending = new Object();
    /** Held shared by every use of the descriptor, exclusively by its close. */
    private final ReadWriteLock lifetime = new ReentrantReadWriteLock();
    private boolean closed;

    UnixStream(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    static UnixStream connect(Path path) throws IOException {
        byte[] address = address(path);
        int fd = open(0);
        while (Libc.C.connect(fd, address, address.length) != 0) {
            int errno = Native.getLastError();
            if (errno != Libc.EINTR) {
                Libc.C.close(fd);
                throw new IOException("connect: " + Libc.error(errno));
            }
        }
        return new UnixStream(fd);
    }

    /** A listening socket bound to {@code path}; it never blocks in accept (the loop accepts when it is readable). */
    static UnixStream listen(Path path) throws IOException {
        byte[] address = address(path);
        int fd = open(Libc.SOCK_NONBLOCK);
        if (Libc.C.bind(fd, address, address.length) != 0 || Libc.C.listen(fd, 64) != 0) {
            int errno = Native.getLastError();
            Libc.C.close(fd);
            throw new IOException("cannot listen on " + path + ": " + Libc.error(errno));
        }
        return new UnixStream(fd);
    }

    /** The next waiting connection, or null when there is none (any more). */
    UnixStream accept() throws IOException {
        int c = Libc.C.accept4(fd, null, null, Libc.SOCK_CLOEXEC);
        if (c >= 0) {
            return new UnixStream(c);
        }
        int errno = Native.getLastError();
        if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
            return null;
        }
        throw new IOException("accept: " + Libc.error(errno));
    }

    private static int open(int flags) throws IOException {
        int fd = Libc.C.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC | flags, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_STREAM): " + Libc.error(Native.getLastError()));
        }
        return fd;
    }

    private static byte[] address(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new IOException("socket path too long for a unix socket: " + path);
        }
        byte[] address = new byte[2 + name.length + 1];
        address[0] = (byte) Libc.AF_UNIX; // sa_family_t, little endian
        System.arraycopy(name, 0, address, 2, name.length);
        return address;
    }

    /** Sends all of {@code data}, blocking while the peer's buffer is full. */
    void send(byte[] data) throws IOException {
        synchronized (sending) {
            lifetime.readLock().lock();
            try {
                sendAll(data);
            } finally {
                lifetime.readLock().unlock();
            }
        }
    }

    private void sendAll(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("the socket is closed");
        }
        int off = 0;
        byte[] rest = data;
        while (off < data.length) {
            if (off > 0) {
                rest = Arrays.copyOfRange(data, off, data.length);
            }
            long n = Libc.C.send(fd, rest, rest.length, Libc.MSG_NOSIGNAL);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Libc.EINTR) {
                    continue;
                }
                throw new IOException(Libc.error(errno));
            }
            off += (int) n;
        }
    }

    /** Receives what is waiting into {@code buffer}: its length, 0 when nothing is, -1 at the end of the stream. */
    int receive(byte[] buffer) throws IOException {
        long n = Libc.C.recv(fd, buffer, buffer.length, Libc.MSG_DONTWAIT);
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return -1;
        }
        int errno = Native.getLastError();
        if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
            return 0;
        }
        throw new IOException(Libc.error(errno));
    }

    /** Wakes a blocked sender; the descriptor stays open until {@link #close}. */
    void shutdown() {
        lifetime.readLock().lock();
        try {
            if (!closed) {
                Libc.C.shutdown(fd, Libc.SHUT_RDWR);
            }
        } finally {
            lifetime.readLock().unlock();
        }
    }

    /** Closes the descriptor; call it only once the loop no longer watches it. */
    void close() {
        shutdown();
        lifetime.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                Libc.C.close(fd);
            }
        } finally {
            lifetime.writeLock().unlock();
        }
    }
}
