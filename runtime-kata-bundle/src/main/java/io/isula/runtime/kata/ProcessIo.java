package io.isula.runtime.kata;

import com.sun.jna.Native;
import io.isula.core.api.LogEntry;
import io.isula.core.util.conmon.Libc;
import io.isula.runtime.kata.loop.PollLoop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The FIFOs between the engine and a shim for one process ({@code <dir>/<name>-stdin|stdout|stderr}), their output
 * read by the shared poll loop. Each FIFO is held open read-write by the engine until the shim has opened its own end
 * (during Create, or an exec's Start), so neither side ever waits for the other; after {@link #release} a reader sees
 * the end once the shim has copied the last byte and closed its side. The shim also keeps a read end of its own, so
 * the pipe and what it holds survive the daemon: output written while the daemon is down waits in the pipe (the
 * container blocks once it is full) and the next reader, after a restore, gets it: nothing is lost.
 */
final class ProcessIo implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProcessIo.class.getName());

    /**
     * Where the output goes. Called on the poll loop, one call at a time: it must not block (the CRI log is an append
     * to the page cache, attachments queue without waiting).
     */
    interface Sink {
        void output(LogEntry.Stream stream, byte[] data, int offset, int length);

        /** Every stream reached its end (or the reading was stopped). */
        void ended();
    }

    private final Path stdin;
    private final Path stdout;
    private final Path stderr;
    private final List<FileChannel> holders = new ArrayList<>();
    private final List<PollLoop.Registration> readers = new ArrayList<>();
    private FileChannel stdinChannel;
    private CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    private ProcessIo(Path stdin, Path stdout, Path stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The FIFOs of a process under {@code dir}; {@code create} makes them (else they must exist already). */
    static ProcessIo of(Path dir, String name, boolean withStdin, boolean withStderr, boolean create) throws IOException {
        Path in = withStdin ? dir.resolve(name + "-stdin") : null;
        Path out = dir.resolve(name + "-stdout");
        Path err = withStderr ? dir.resolve(name + "-stderr") : null;
        if (create) {
            List<Path> all = new ArrayList<>();
            for (Path p : new Path[] {in, out, err}) {
                if (p != null) {
                    Files.deleteIfExists(p);
                    all.add(p);
                }
            }
            Fifos.make(all);
        }
        return new ProcessIo(in, out, err);
    }

    String stdinPath() {
        return stdin == null ? "" : stdin.toString();
    }

    String stdoutPath() {
        return stdout.toString();
    }

    String stderrPath() {
        return stderr == null ? "" : stderr.toString();
    }

    /** Opens every FIFO and has {@code loop} copy the output to {@code sink}. */
    synchronized void start(Sink sink, PollLoop loop) throws IOException {
        try {
            if (stdin != null) {
                stdinChannel = Fifos.holder(stdin);
            }
            List<Path> outputs = stderr == null ? List.of(stdout) : List.of(stdout, stderr);
            List<Integer> fds = new ArrayList<>();
            for (Path p : outputs) {
                holders.add(Fifos.holder(p));
                fds.add(Fifos.nonBlockingReader(p));
            }
            drained = new CompletableFuture<>();
            AtomicInteger open = new AtomicInteger(fds.size());
            for (int i = 0; i < fds.size(); i++) {
                LogEntry.Stream stream = i == 0 ? LogEntry.Stream.STDOUT : LogEntry.Stream.STDERR;
                readers.add(loop.add(fds.get(i), new Pump(fds.get(i), stream, sink, open, drained)));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Copies one FIFO to the sink; the last of a process's pumps to end ends the sink. */
    private static final class Pump implements PollLoop.Watcher {
        private final int fd;
        private final LogEntry.Stream stream;
        private final Sink sink;
        private final AtomicInteger open;
        private final CompletableFuture<Void> drained;

        Pump(int fd, LogEntry.Stream stream, Sink sink, AtomicInteger open, CompletableFuture<Void> drained) {
            this.fd = fd;
            this.stream = stream;
            this.sink = sink;
            this.open = open;
            this.drained = drained;
        }

        @Override
        public boolean ready(int fd, byte[] buffer) {
            long n = Libc.C.read(fd, buffer, buffer.length);
            if (n > 0) {
                sink.output(stream, buffer, 0, (int) n);
                return true;
            }
            if (n == 0) {
                return false;
            }
            int errno = Native.getLastError();
            if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
                return true;
            }
            LOG.log(Level.DEBUG, "reading {0} ended: {1}", stream, Libc.error(errno));
            return false;
        }

        @Override
        public void released() {
            Libc.C.close(fd);
            if (open.decrementAndGet() == 0) {
                try {
                    sink.ended();
                } finally {
                    drained.complete(null);
                }
            }
        }
    }

    /** The process exited: stop holding the output FIFOs so the readers see their end after the last byte. */
    synchronized void release() {
        for (FileChannel h : holders) {
            quietClose(h);
        }
        holders.clear();
    }

    /** Completes once every output FIFO reached its end, or after {@code max} at the latest. */
    synchronized CompletableFuture<Void> drained(Duration max) {
        return drained.copy().completeOnTimeout(null, max.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean hasStdin() {
        return stdin != null;
    }

    void write(byte[] data, int offset, int length) throws IOException {
        FileChannel in;
        synchronized (this) {
            in = stdinChannel;
        }
        if (in == null) {
            throw new IOException("stdin is closed");
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
            in.write(b);
        }
    }

    synchronized void closeStdin() {
        if (stdinChannel != null) {
            quietClose(stdinChannel);
            stdinChannel = null;
        }
    }

    /** Stops reading; the FIFOs stay (the shim still writes to them) until {@link #remove}. */
    @Override
    public synchronized void close() {
        release();
        closeStdin();
        readers.forEach(PollLoop.Registration::cancel);
        readers.clear();
    }

    void remove() {
        for (Path p : new Path[] {stdin, stdout, stderr}) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot remove {0}: {1}", p, e.getMessage());
                }
            }
        }
    }

    private static void quietClose(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
