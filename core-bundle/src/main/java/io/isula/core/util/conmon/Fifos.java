package io.isula.core.util.conmon;

import io.isula.core.api.EngineException;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** FIFO operations the JDK lacks: making one, and writing to one only when somebody reads it (never blocking). */
public final class Fifos {
    private Fifos() {
    }

    public static void make(Path path) throws IOException {
        if (Libc.C.mkfifo(path.toString(), 0600) != 0) {
            throw new IOException("mkfifo " + path + ": " + Libc.error(Native.getLastError()));
        }
    }

    /**
     * Writes {@code line} to the FIFO if a reader has it open.
     *
     * @return false when nobody reads it (its conmon is gone)
     */
    public static boolean writeIfRead(Path fifo, String line) throws IOException {
        int fd = openWriteEnd(fifo);
        if (fd < 0) {
            return false;
        }
        try {
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            long n = Libc.C.write(fd, b, b.length);
            if (n != b.length) {
                throw new IOException("write " + fifo + ": " + (n < 0 ? Libc.error(Native.getLastError()) : "short write"));
            }
            return true;
        } finally {
            Libc.C.close(fd);
        }
    }

    /** Whether a reader has the FIFO open (its conmon is alive), without writing to it. */
    public static boolean hasReader(Path fifo) throws IOException {
        int fd = openWriteEnd(fifo);
        if (fd < 0) {
            return false;
        }
        Libc.C.close(fd);
        return true;
    }

    /** The FIFO's write end without blocking; -1 when nobody has it open for reading (or it is gone). */
    private static int openWriteEnd(Path fifo) throws IOException {
        int fd = Libc.C.open(fifo.toString(), Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == Libc.ENXIO || errno == Libc.ENOENT) {
                return -1;
            }
            throw new IOException("open " + fifo + ": " + Libc.error(errno));
        }
        return fd;
    }

    /** conmon's {@code ctl} FIFO: message 1 resizes the terminal. */
    public static boolean resize(Path ctl, int height, int width) throws IOException {
        if (height <= 0 || width <= 0 || height > 0xffff || width > 0xffff) {
            throw new IllegalArgumentException("terminal size out of range: " + height + "x" + width);
        }
        return writeIfRead(ctl, "1 " + height + " " + width + "\n");
    }

    /**
     * {@link #resize} with the engine's errors: a bad size is invalid input, a FIFO nobody reads (conmon is gone) a
     * conflict with {@code whenGone} as its message.
     */
    public static void resizeTerminal(Path ctl, int height, int width, String whenGone) {
        try {
            if (!resize(ctl, height, width)) {
                throw EngineException.conflict(whenGone);
            }
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        } catch (IOException e) {
            throw EngineException.internal("resize failed: " + e.getMessage(), e);
        }
    }
}
