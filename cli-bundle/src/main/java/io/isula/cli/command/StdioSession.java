package io.isula.cli.command;

import io.isula.cli.terminal.Terminal;
import io.isula.core.api.EngineException;
import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.util.DetachKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * One attachment driven from the command line: the process's output to our stdout/stderr, our stdin to the process
 * (its end ends the process's input), and with a terminal: raw mode, the window size and its changes, and the detach
 * keys, which end the session and leave the process running.
 */
final class StdioSession implements StdioSink {
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean detached;

    StdioSession(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public boolean output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        PrintStream s = stream == LogEntry.Stream.STDERR ? err : out;
        s.write(data, offset, length);
        s.flush();
        return !s.checkError();
    }

    @Override
    public void closed() {
        closed.countDown();
    }

    /**
     * Runs until the stream ends or the user detaches.
     *
     * @param stdin    our input for the process, or null when it gets none
     * @param terminal our terminal when the process has one too (raw mode, sizes, detach keys), else null
     * @return true when the user detached
     */
    boolean run(StdioStream stream, InputStream stdin, Terminal terminal, String detachKeys) {
        if (terminal != null) {
            terminal.makeRaw();
            Resize resize = new Resize(stream, terminal);
            resize.run();
            Terminal.onResize(resize);
        }
        try {
            if (stdin != null) {
                DetachKeys.Scanner keys = terminal == null ? null : DetachKeys.parse(detachKeys).scanner();
                Thread pump = new Thread(new Pump(stdin, stream, keys), "isula-stdin");
                pump.setDaemon(true);
                pump.start();
            }
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (terminal != null) {
                terminal.restore();
            }
            out.flush();
            err.flush();
        }
        return detached;
    }

    /** Our stdin to the process, watching for the detach keys. */
    private final class Pump implements Runnable {
        private final InputStream in;
        private final StdioStream stream;
        private final DetachKeys.Scanner keys;

        Pump(InputStream in, StdioStream stream, DetachKeys.Scanner keys) {
            this.in = in;
            this.stream = stream;
            this.keys = keys;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (keys == null) {
                        stream.write(buf, 0, n);
                        continue;
                    }
                    ByteArrayOutputStream pass = new ByteArrayOutputStream(n);
                    boolean detach = keys.scan(buf, 0, n, pass);
                    if (pass.size() > 0) {
                        stream.write(pass.toByteArray(), 0, pass.size());
                    }
                    if (detach) {
                        detached = true;
                        stream.close();
                        closed.countDown();
                        return;
                    }
                }
                stream.closeStdin();
            } catch (IOException | EngineException e) {
                // the session ended (or our stdin failed): the output side decides how it ends
            }
        }
    }

    /** Sends our window size to the process's terminal. */
    private static final class Resize implements Runnable {
        private final StdioStream stream;
        private final Terminal terminal;

        Resize(StdioStream stream, Terminal terminal) {
            this.stream = stream;
            this.terminal = terminal;
        }

        @Override
        public void run() {
            int[] size = terminal.size();
            if (size != null) {
                try {
                    stream.resize(size[0], size[1]);
                } catch (EngineException ignored) {
                    // a resize racing the process's start or exit: the next one will do
                }
            }
        }
    }
}
