package io.isula.core.util.conmon;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A pseudo-terminal made for a runtime that cannot make one itself: its slave is opened by path as the container's
 * stdio, its master is handed to conmon through the console socket conmon names to the runtime ({@code
 * --console-socket}), as runc does. Closing releases the engine's copy of the master only.
 */
public final class Pty implements AutoCloseable {
    private static final int SUN_PATH = 108;
    private static final int MSGHDR_BYTES = 56;
    private static final int IOVEC_BYTES = 16;
    private static final int CMSG_HEADER_BYTES = 16;
    private static final int CMSG_SPACE_ONE_FD = 24;
    // the name conmon is told the descriptor has, as runc sends it
    private static final byte[] NAME = "/dev/ptmx".getBytes(StandardCharsets.US_ASCII);

    private final int master;
    private final String slave;
    private boolean closed;

    private Pty(int master, String slave) {
        this.master = master;
        this.slave = slave;
    }

    /** A new pseudo-terminal whose slave anyone with the path may open. */
    public static Pty open() throws IOException {
        int fd = Libc.C.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("posix_openpt: " + Libc.error(Native.getLastError()));
        }
        byte[] name = new byte[64];
        if (Libc.C.grantpt(fd) != 0 || Libc.C.unlockpt(fd) != 0 || Libc.C.ptsname_r(fd, name, name.length) != 0) {
            int errno = Native.getLastError();
            Libc.C.close(fd);
            throw new IOException("cannot set up a pseudo-terminal: " + Libc.error(errno));
        }
        return new Pty(fd, Native.toString(name, "US-ASCII"));
    }

    /** The slave's path, such as {@code /dev/pts/3}. */
    public String slavePath() {
        return slave;
    }

    public void resize(int height, int width) throws IOException {
        if (height <= 0 || width <= 0 || height > 0xffff || width > 0xffff) {
            throw new IllegalArgumentException("terminal size out of range: " + height + "x" + width);
        }
        short[] size = {(short) height, (short) width, 0, 0};
        if (Libc.C.ioctl(master, Libc.TIOCSWINSZ, size) != 0) {
            throw new IOException("resize of " + slave + ": " + Libc.error(Native.getLastError()));
        }
    }

    /** Connects to {@code consoleSocket} and sends it the master (SCM_RIGHTS), as conmon expects from a runtime. */
    public void sendMaster(Path consoleSocket) throws IOException {
        byte[] path = consoleSocket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= SUN_PATH) {
            throw new IOException("console socket path too long for a unix socket: " + consoleSocket);
        }
        int fd = Libc.C.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX): " + Libc.error(Native.getLastError()));
        }
        try {
            byte[] address = new byte[2 + SUN_PATH];
            address[0] = (byte) Libc.AF_UNIX;
            System.arraycopy(path, 0, address, 2, path.length);
            if (Libc.C.connect(fd, address, 2 + path.length + 1) != 0) {
                throw new IOException("connect to " + consoleSocket + ": " + Libc.error(Native.getLastError()));
            }
            if (Libc.C.sendmsg(fd, rightsMessage(), Libc.MSG_NOSIGNAL) != NAME.length) {
                throw new IOException("sending the terminal to " + consoleSocket + ": "
                        + Libc.error(Native.getLastError()));
            }
        } finally {
            Libc.C.close(fd);
        }
    }

    /**
     * One block holding a {@code struct msghdr} (x86-64 layout) and what it points to: an iovec over {@link #NAME} and
     * one SCM_RIGHTS control message with the master, so nothing it refers to can be freed before the call returns.
     */
    private Memory rightsMessage() {
        int iov = MSGHDR_BYTES;
        int control = iov + IOVEC_BYTES;
        int data = control + CMSG_SPACE_ONE_FD;
        Memory block = new Memory(data + NAME.length);
        block.clear();
        block.write(data, NAME, 0, NAME.length);
        block.setPointer(iov, block.share(data));
        block.setLong(iov + 8, NAME.length);
        block.setLong(control, CMSG_HEADER_BYTES + 4);
        block.setInt(control + 8, Libc.SOL_SOCKET);
        block.setInt(control + 12, Libc.SCM_RIGHTS);
        block.setInt(control + 16, master);
        block.setPointer(16, block.share(iov));
        block.setLong(24, 1);
        block.setPointer(32, block.share(control));
        block.setLong(40, CMSG_SPACE_ONE_FD);
        return block;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.C.close(master);
        }
    }
}
