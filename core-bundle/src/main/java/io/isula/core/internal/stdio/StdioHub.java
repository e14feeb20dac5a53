package io.isula.core.internal.stdio;

import io.isula.core.api.AttachOptions;
import io.isula.core.api.EngineException;
import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.util.DetachKeys;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The stdio of one container as the engine shares it: one connection to the runtime, made when somebody attaches
 * (before the start, so nothing is missed, or while it runs) and kept until the container's process ends, and any
 * number of attachments that each get its output. Keeping the connection while nobody is attached keeps the
 * process's stdin open across detach and re-attach; input that arrives before the start is held until then.
 */
public final class StdioHub implements ProcessOutput {
    private static final System.Logger LOG = System.getLogger(StdioHub.class.getName());
    private static final int MAX_PENDING_STDIN = 1 << 20;

    /** What the hub asks of the engine: resize the container's terminal. */
    @FunctionalInterface
    public interface Resizer {
        void resize(int height, int width);
    }

    private final String containerId;
    private final boolean tty;
    private final Resizer resizer;
    private final List<Attachment> attachments = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final ByteArrayOutputStream pendingStdin = new ByteArrayOutputStream();
    private boolean pendingEof;
    private ProcessStdio connection;

    public StdioHub(String containerId, boolean tty, Resizer resizer) {
        this.containerId = containerId;
        this.tty = tty;
        this.resizer = resizer;
    }

    /** Adds an attachment; it gets output once the hub is connected. */
    public StdioStream attach(AttachOptions options, StdioSink sink) {
        DetachKeys keys;
        try {
            keys = DetachKeys.parse(options.detachKeys());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        Attachment a = new Attachment(options, sink, options.stdin() && tty ? keys.scanner() : null);
        attachments.add(a);
        return a;
    }

    /** Whether an attachment waits for output. */
    public boolean wanted() {
        return !attachments.isEmpty();
    }

    public boolean connected() {
        synchronized (lock) {
            return connection != null;
        }
    }

    /**
     * Connects through {@code opener} (the runtime's attach) unless already connected or, when not {@code always},
     * nobody is attached. Held input is sent first.
     */
    public void connect(Supplier<ProcessStdio> opener, boolean always) {
        synchronized (lock) {
            if (connection != null || !always && attachments.isEmpty()) {
                return;
            }
            ProcessStdio c = opener.get();
            if (pendingStdin.size() > 0) {
                byte[] held = pendingStdin.toByteArray();
                pendingStdin.reset();
                c.write(held, 0, held.length);
            }
            if (pendingEof) {
                pendingEof = false;
                c.closeStdin();
            }
            connection = c;
        }
    }

    /** Ends every attachment and the connection (the container is being removed). */
    public void close() {
        ProcessStdio c;
        synchronized (lock) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
        attachments.forEach(Attachment::end);
    }

    // ---- the runtime's side ----

    @Override
    public void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        for (Attachment a : attachments) {
            a.deliver(stream, data, offset, length);
        }
    }

    /** The container's process ended (or its monitor closed the connection): every attachment ends. */
    @Override
    public void closed() {
        synchronized (lock) {
            connection = null;
            pendingStdin.reset();
            pendingEof = false;
        }
        attachments.forEach(Attachment::end);
    }

    private void writeStdin(byte[] data, int length) {
        ProcessStdio c;
        synchronized (lock) {
            c = connection;
            if (c == null) {
                if (pendingStdin.size() + length > MAX_PENDING_STDIN) {
                    throw EngineException.conflict("container " + containerId + " is not running; "
                            + "more than " + MAX_PENDING_STDIN + " bytes of input are waiting for its start");
                }
                pendingStdin.write(data, 0, length);
                return;
            }
        }
        c.write(data, 0, length);
    }

    private void closeStdin() {
        if (tty) {
            return; // a terminal's input ends with the user's ctrl-d, not with a client's end of input
        }
        ProcessStdio c;
        synchronized (lock) {
            c = connection;
            if (c == null) {
                pendingEof = true;
                return;
            }
        }
        c.closeStdin();
    }

    /** One client's view of the hub. */
    private final class Attachment implements StdioStream {
        private final AttachOptions options;
        private final StdioSink sink;
        private final DetachKeys.Scanner detach;
        private boolean ended;

        Attachment(AttachOptions options, StdioSink sink, DetachKeys.Scanner detach) {
            this.options = options;
            this.sink = sink;
            this.detach = detach;
        }

        void deliver(LogEntry.Stream stream, byte[] data, int offset, int length) {
            boolean wanted = stream == LogEntry.Stream.STDERR ? options.stderr() : options.stdout();
            if (!wanted) {
                return;
            }
            boolean ok;
            try {
                ok = sink.output(stream, data, offset, length);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "attachment to {0} failed: {1}", containerId, e.toString());
                ok = false;
            }
            if (!ok) {
                end();
            }
        }

        void end() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            attachments.remove(this);
            sink.closed();
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            if (!options.stdin() || length <= 0) {
                return;
            }
            synchronized (this) {
                if (ended) {
                    return;
                }
            }
            if (detach == null) {
                byte[] copy = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
                writeStdin(copy, length);
                return;
            }
            ByteArrayOutputStream pass = new ByteArrayOutputStream(length);
            boolean detached = detach.scan(data, offset, length, pass);
            if (pass.size() > 0) {
                writeStdin(pass.toByteArray(), pass.size());
            }
            if (detached) {
                end();
            }
        }

        @Override
        public void closeStdin() {
            if (options.stdin()) {
                StdioHub.this.closeStdin();
            }
        }

        @Override
        public void resize(int height, int width) {
            resizer.resize(height, width);
        }

        @Override
        public void close() {
            end();
        }
    }
}
