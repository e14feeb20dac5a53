package io.isula.runtime.kata;

import com.sun.jna.Native;
import io.isula.core.util.conmon.Libc;
import io.isula.runtime.kata.loop.PollLoop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A shim's own log: the {@code <bundle>/log} FIFO it writes to for its whole life (it must be read before the shim
 * starts, or the shim dies, and always drained, or the shim blocks once the pipe is full). The poll loop reads it and
 * its lines go to the daemon's log. The engine holds the FIFO read-write, so it never sees an end while it reads.
 */
final class ShimLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimLog.class.getName());
    /** A longer line is logged in pieces. */
    private static final int MAX_LINE = 16 * 1024;
    private final PollLoop.Registration registration;

    private ShimLog(PollLoop loop, int fd, String id) {
        this.registration = loop.add(fd, new Lines(fd, id));
    }

    static ShimLog open(Path bundle, String id, boolean create, PollLoop loop) throws IOException {
        Path log = bundle.resolve("log");
        if (create) {
            Files.deleteIfExists(log);
            Fifos.make(List.of(log));
        }
        return new ShimLog(loop, Fifos.nonBlockingHolder(log), id);
    }

    private static final class Lines implements PollLoop.Watcher {
        private final int fd;
        private final String id;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(int fd, String id) {
            this.fd = fd;
            this.id = id;
        }

        @Override
        public boolean ready(int fd, byte[] buffer) {
            long n = Libc.C.read(fd, buffer, buffer.length);
            if (n < 0) {
                int errno = Native.getLastError();
                return errno == Libc.EAGAIN || errno == Libc.EINTR;
            }
            if (n == 0) {
                // cannot happen while the engine holds a writer
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n' || line.size() >= MAX_LINE) {
                    log(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    if (buffer[i] == '\n') {
                        continue;
                    }
                }
                line.write(buffer[i]);
            }
            return true;
        }

        private void log(String l) {
            Level level = l.contains("level=error") || l.contains("level=fatal") || l.contains("level=warn")
                    ? Level.WARNING : Level.DEBUG;
            LOG.log(level, "shim of {0}: {1}", id, l);
        }

        @Override
        public void released() {
            Libc.C.close(fd);
        }
    }

    @Override
    public void close() {
        registration.cancel();
    }
}
