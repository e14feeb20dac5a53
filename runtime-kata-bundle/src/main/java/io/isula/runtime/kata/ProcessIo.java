package io.isula.runtime.kata;

import io.isula.core.api.LogEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The FIFOs between the engine and a shim for one process ({@code <dir>/<name>-stdin|stdout|stderr}) and the
 * threads that read them. Each FIFO is held open read-write by the engine until the shim has opened its own end
 * (during Create, or an exec's Start), so neither side ever waits for the other; after {@link #release} a reader sees
 * the end once the shim has copied the last byte and closed its side. The shim also keeps a read end of its own, so
 * the pipe and what it holds survive the daemon: output written while the daemon is down waits in the pipe (the
 * container blocks once it is full) and the next reader, after a restore, gets it: nothing is lost.
 */
final class ProcessIo implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProcessIo.class.getName());

    /** Where the output goes. Called from the reader threads, one call at a time per stream. */
    interface Sink {
        void output(LogEntry.Stream stream, byte[] data, int offset, int length);

        /** Every stream reached its end (or the readers were stopped). */
        void ended();
    }

    private final Path stdin;
    private final Path stdout;
    private final Path stderr;
    private final List<FileChannel> holders = new ArrayList<>();
    private final List<FileChannel> readers = new ArrayList<>();
    private FileChannel stdinChannel;
    private CountDownLatch drained = new CountDownLatch(0);
    private volatile boolean closed;

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

    /** Opens every FIFO and starts copying the output to {@code sink}. */
    synchronized void start(Sink sink, String threadName) throws IOException {
        try {
            if (stdin != null) {
                stdinChannel = Fifos.holder(stdin);
            }
            List<FileChannel> opened = new ArrayList<>();
            for (Path p : stderr == null ? List.of(stdout) : List.of(stdout, stderr)) {
                holders.add(Fifos.holder(p));
                FileChannel r = Fifos.reader(p);
                readers.add(r);
                opened.add(r);
            }
            drained = new CountDownLatch(opened.size());
            CountDownLatch all = drained;
            for (int i = 0; i < opened.size(); i++) {
                FileChannel r = opened.get(i);
                LogEntry.Stream stream = i == 0 ? LogEntry.Stream.STDOUT : LogEntry.Stream.STDERR;
                Thread t = new Thread(() -> pump(r, stream, sink, all), threadName + "-" + stream.name().toLowerCase());
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void pump(FileChannel r, LogEntry.Stream stream, Sink sink, CountDownLatch all) {
        ByteBuffer buf = ByteBuffer.allocate(8 * 1024);
        try {
            while (r.read(buf) >= 0) {
                buf.flip();
                if (buf.hasRemaining()) {
                    sink.output(stream, buf.array(), 0, buf.remaining());
                }
                buf.clear();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "reading {0} ended: {1}", stream, e.getMessage());
            }
        } finally {
            all.countDown();
            if (all.getCount() == 0) {
                sink.ended();
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

    /** Waits for the readers to reach the end; false when they did not in time. */
    boolean awaitDrained(Duration max) {
        try {
            return drained.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        closed = true;
        release();
        closeStdin();
        for (FileChannel r : readers) {
            quietClose(r);
        }
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
