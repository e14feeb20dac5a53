package io.isula.cli.terminal;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The client's terminal: whether stdin is one, its size, and raw mode (no echo, no line editing, no signals from
 * keys, so every key goes to the container's terminal as typed). The JDK has no termios, so this goes through
 * JNA; it is loaded only when a command runs with {@code -t} on a terminal.
 */
public final class Terminal {
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;
    /** glibc's struct termios is 60 bytes on Linux; room to spare. */
    private static final int TERMIOS_BYTES = 128;

    interface Libc extends Library {
        int isatty(int fd);

        int tcgetattr(int fd, byte[] termios);

        int tcsetattr(int fd, int when, byte[] termios);

        void cfmakeraw(byte[] termios);

        int ioctl(int fd, long request, byte[] arg);
    }

    private final Libc c;
    private byte[] saved;

    private Terminal(Libc c) {
        this.c = c;
    }

    /** The terminal on stdin, or null when stdin is not one (or the native library cannot be loaded). */
    public static Terminal onStdin() {
        try {
            Libc c = Native.load("c", Libc.class);
            return c.isatty(STDIN) == 1 ? new Terminal(c) : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Puts the terminal in raw mode; {@link #restore()} undoes it. */
    public synchronized void makeRaw() {
        if (saved != null) {
            return;
        }
        byte[] t = new byte[TERMIOS_BYTES];
        if (c.tcgetattr(STDIN, t) != 0) {
            return;
        }
        saved = t.clone();
        c.cfmakeraw(t);
        c.tcsetattr(STDIN, TCSANOW, t);
    }

    public synchronized void restore() {
        if (saved != null) {
            c.tcsetattr(STDIN, TCSANOW, saved);
            saved = null;
        }
    }

    /** {@code [rows, columns]} of the terminal (stdout's, else stdin's), or null when unknown. */
    public int[] size() {
        for (int fd : new int[] {STDOUT, STDIN}) {
            byte[] ws = new byte[8];
            if (c.ioctl(fd, TIOCGWINSZ, ws) == 0) {
                int rows = (ws[0] & 0xff) | (ws[1] & 0xff) << 8;
                int cols = (ws[2] & 0xff) | (ws[3] & 0xff) << 8;
                if (rows > 0 && cols > 0) {
                    return new int[] {rows, cols};
                }
            }
        }
        return null;
    }

    /** Calls {@code action} on every window size change (SIGWINCH). */
    public static void onResize(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> action.run());
        } catch (IllegalArgumentException e) {
            // no SIGWINCH here: sizes stay as they were at start
        }
    }
}
