package io.isula.runtime.runc;

import io.isula.core.util.conmon.FifoReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code runc start} without running runc: after {@code runc create}, runc's init waits to open
 * {@code <root>/<id>/exec.fifo} for writing; a reader lets it go on, it writes one byte and execs the container's
 * process (closing the FIFO), and runc tells a created container from a running one by whether the FIFO is still
 * there. Only for runc itself ({@link RuntimeLayout#ownRuncState}).
 */
final class ExecFifo {
    private static final long SLICE_MILLIS = 100;

    private ExecFifo() {
    }

    /** Where runc keeps the FIFO of container {@code id}, when {@code rt} is runc with its state where we put it. */
    static Path of(RuntimeLayout rt, String id) {
        return rt.ownRuncState(id).map(dir -> dir.resolve("exec.fifo")).orElse(null);
    }

    /**
     * Lets the init of a created container exec its process. Returns false when there is nothing to release this way
     * (no FIFO, or an init that died or never wrote): {@code runc start} then says why.
     */
    static boolean release(Path fifo, OptionalInt initPid, long timeoutMillis) throws IOException {
        if (fifo == null || initPid.isEmpty() || !Files.exists(fifo)) {
            return false;
        }
        int written;
        try (FifoReader reader = FifoReader.open(fifo)) {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            do {
                written = reader.readToEnd(SLICE_MILLIS);
            } while (written < 0 && System.nanoTime() < deadline && alive(initPid.getAsInt()));
        }
        if (written <= 0) {
            return false;
        }
        Files.deleteIfExists(fifo);
        return true;
    }

    private static boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
