package io.isula.core.util.conmon;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket (conmon's attach socket: each packet from conmon is one stream byte and
 * the data). One thread receives; any thread may send. {@link #shutdown()} wakes a blocked receive; the descriptor is
 * closed by {@link #release()} once nobody uses it any more, so a reused descriptor number is never touched: every
 * use holds the read side of {@link #lifetime}, release its write side.
 */
public final class SeqPacketSocket {
    /** conmon reads at most 32 KiB - 1 per packet and drops the rest of a longer one. */
    public static final int MAX_SEND = 8192;
    private static final int SUN_PATH = 108;

    private final int fd;
    private final ReadWriteLock lifetime = new ReentrantReadWriteLock();
    private final Object sending = new Object();
    private volatile boolean released;

    private SeqPacketSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to {@code path}; an absent or not yet listening socket is an {@link IOException} naming it. */
    public static SeqPacketSocket connect(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new IOException("socket path too long for a unix socket: " + path);
        }
        int fd = Libc.C.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_SEQPACKET): " + Libc.error(Native.getLastError()));
        }
        byte[] address = new byte[2 + SUN_PATH];
        address[0] = (byte) Libc.AF_UNIX; // sa_family_t, little endian
        System.arraycopy(name, 0, address, 2, name.length);
        while (true) {
            if (Libc.C.connect(fd, address, 2 + name.length + 1) == 0) {
                return new SeqPacketSocket(fd);
            }
            int errno = Native.getLastError();
            if (errno != Libc.EINTR) {
                Libc.C.close(fd);
                throw new ConnectFailure(errno, "connect to " + path + ": " + Libc.error(errno));
            }
        }
    }

    /** A failed connect, with its errno (ENOENT / ECONNREFUSED: not there yet, or gone). */
    public static final class ConnectFailure extends IOException {
        public final int errno;

        ConnectFailure(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    public int fd() {
        return fd;
    }

    /** Receives one packet into {@code buffer}; returns its length, or -1 at end of stream. */
    public int receive(byte[] buffer) throws IOException {
        while (true) {
            long n = Libc.C.recv(fd, buffer, buffer.length, 0);
            if (n > 0) {
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = Native.getLastError();
            if (errno != Libc.EINTR) {
                throw new IOException("recv: " + Libc.error(errno));
            }
        }
    }

    /** Sends {@code data} as packets of at most {@link #MAX_SEND} bytes; blocks while the peer does not read. */
    public void send(byte[] data, int offset, int length) throws IOException {
        lifetime.readLock().lock();
        try {
            sendLocked(data, offset, length);
        } finally {
            lifetime.readLock().unlock();
        }
    }

    private void sendLocked(byte[] data, int offset, int length) throws IOException {
        synchronized (sending) {
            if (released) {
                throw new IOException("the attach connection is closed");
            }
            int done = 0;
            while (done < length) {
                int n = Math.min(MAX_SEND, length - done);
                byte[] packet = new byte[n];
                System.arraycopy(data, offset + done, packet, 0, n);
                long sent = Libc.C.send(fd, packet, n, Libc.MSG_NOSIGNAL);
                if (sent < 0) {
                    int errno = Native.getLastError();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    throw new IOException("send: " + Libc.error(errno));
                }
                done += n;
            }
        }
    }

    /** Half-closes: the peer reads end of file; packets still come in. */
    public void shutdownOutput() {
        shutdown(Libc.SHUT_WR);
    }

    /** Ends both directions: a blocked {@link #receive} returns end of stream, a blocked send fails. */
    public void shutdown() {
        shutdown(Libc.SHUT_RDWR);
    }

    private void shutdown(int how) {
        lifetime.readLock().lock();
        try {
            if (!released) {
                Libc.C.shutdown(fd, how);
            }
        } finally {
            lifetime.readLock().unlock();
        }
    }

    /** Closes the descriptor; call once, after the receiving thread is done. */
    public void release() {
        shutdown();
        lifetime.writeLock().lock();
        try {
            if (!released) {
                released = true;
                Libc.C.close(fd);
            }
        } finally {
            lifetime.writeLock().unlock();
        }
    }
}
