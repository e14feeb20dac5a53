package io.isula.cli.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The daemon's socket through the client's own JNI library ({@code src/main/c/daemon_socket.c}): plain system
 * calls on a file descriptor, without the JDK's Unix-domain channels and the security providers their first use
 * initialises (~20 ms of a ~100 ms command).
 *
 * <p>The descriptor is closed only once no read or write is using it, so that a reader woken by {@link #close}
 * never reads a descriptor number the process has given to something else meanwhile. (A monitor, not atomics:
 * the first atomic field of a process initialises the JDK's VarHandles, half a millisecond of a short command.)
 */
final class NativeDaemonSocket implements DaemonSocket {
    private final int fd;
    private final Object lock = new Object();
    /** 1 for the open socket itself, plus one per call in progress; the descriptor closes when it drops to 0. */
    private int users = 1;
    private boolean closed;

    private NativeDaemonSocket(int fd) {
        this.fd = fd;
    }

    static DaemonSocket connect(Path socket) throws IOException {
        return new NativeDaemonSocket(connect0(socket.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int read(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            return 0;
        }
        if (!enter()) {
            return -1;
        }
        try {
            return read0(fd, data, offset, length);
        } finally {
            leave();
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (!enter()) {
            throw new IOException("the connection to the daemon is closed");
        }
        try {
            write0(fd, data, offset, length);
        } finally {
            leave();
        }
    }

    @Override
    public int available() throws IOException {
        if (!enter()) {
            return 0;
        }
        try {
            return available0(fd);
        } finally {
            leave();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!enter()) {
            throw new IOException("the connection to the daemon is closed");
        }
        try {
            shutdown0(fd, false);
        } finally {
            leave();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            shutdown0(fd, true); // wakes a reader blocked on the socket
        } catch (IOException ignored) {
            // closing: nothing more to lose
        }
        leave();
    }

    private boolean enter() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            users++;
            return true;
        }
    }

    private void leave() {
        boolean last;
        synchronized (lock) {
            last = --users == 0;
        }
        if (last) {
            close0(fd);
        }
    }

    private static native int connect0(byte[] path) throws IOException;

    private static native int read0(int fd, byte[] data, int offset, int length) throws IOException;

    private static native void write0(int fd, byte[] data, int offset, int length) throws IOException;

    private static native int available0(int fd) throws IOException;

    private static native void shutdown0(int fd, boolean both) throws IOException;

    private static native void close0(int fd);
}
