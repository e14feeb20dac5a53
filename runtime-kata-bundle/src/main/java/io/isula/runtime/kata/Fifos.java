package io.isula.runtime.kata;

import com.sun.jna.Native;
import io.isula.core.util.conmon.Libc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Named pipes for a shim's stdio: made once, opened without ever blocking on the other side. */
final class Fifos {
    private Fifos() {
    }

    /** Makes every missing FIFO of {@code paths} (mode 0600); an existing one is kept. */
    static void make(List<Path> paths) throws IOException {
        for (Path p : paths) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!isFifo(p)) {
                    throw new IOException(p + " exists and is not a FIFO");
                }
            } else {
                io.isula.core.util.conmon.Fifos.make(p);
            }
        }
    }

    static boolean isFifo(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isOther();
    }

    /**
     * Opens the FIFO read-write: never blocks, keeps the pipe (and what it holds) alive, and lets the other side
     * open it in either direction without waiting.
     */
    static FileChannel holder(Path fifo) throws IOException {
        return FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Opens the read end as a non-blocking descriptor for the poll loop; {@code holder} keeps a writer there. */
    static int nonBlockingReader(Path fifo) throws IOException {
        return open(fifo, Libc.O_RDONLY);
    }

    /** Opens the FIFO read-write as a non-blocking descriptor for the poll loop: it never sees an end of file. */
    static int nonBlockingHolder(Path fifo) throws IOException {
        return open(fifo, Libc.O_RDWR);
    }

    private static int open(Path fifo, int mode) throws IOException {
        int fd = Libc.C.open(fifo.toString(), mode | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("open " + fifo + ": " + Libc.error(Native.getLastError()));
        }
        return fd;
    }
}
