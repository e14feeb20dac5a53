package io.isula.runtime.kata;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A shim's own log: the {@code <bundle>/log} FIFO it writes to for its whole life (it must be read before the shim
 * starts, or the shim dies). Its lines go to the daemon's log.
 */
final class ShimLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimLog.class.getName());
    private final FileChannel fifo;
    private volatile boolean closed;

    private ShimLog(FileChannel fifo, String id) {
        this.fifo = fifo;
        Thread t = new Thread(() -> forward(id), "shim-log-" + id.substring(0, Math.min(12, id.length())));
        t.setDaemon(true);
        t.start();
    }

    static ShimLog open(Path bundle, String id, boolean create) throws IOException {
        Path log = bundle.resolve("log");
        if (create) {
            java.nio.file.Files.deleteIfExists(log);
            Fifos.make(java.util.List.of(log));
        }
        return new ShimLog(Fifos.holder(log), id);
    }

    private void forward(String id) {
        ByteBuffer buf = ByteBuffer.allocate(4 * 1024);
        StringBuilder line = new StringBuilder();
        try {
            while (fifo.read(buf) >= 0) {
                buf.flip();
                line.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
                int nl;
                while ((nl = line.indexOf("\n")) >= 0) {
                    String l = line.substring(0, nl);
                    line.delete(0, nl + 1);
                    Level level = l.contains("level=error") || l.contains("level=fatal") || l.contains("level=warn")
                            ? Level.WARNING : Level.DEBUG;
                    LOG.log(level, "shim of {0}: {1}", id, l);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "shim log of {0} ended: {1}", id, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            fifo.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
