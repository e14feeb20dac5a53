package io.isula.runtime.kata;

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

    /** Opens the read end; does not block because {@code holder} is a writer already. */
    static FileChannel reader(Path fifo) throws IOException {
        return FileChannel.open(fifo, StandardOpenOption.READ);
    }
}
