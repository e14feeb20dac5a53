package io.isula.runtime.lxc;

import io.isula.core.api.EngineException;
import io.isula.core.api.LogEntry;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process started in a running lcr container with {@code lxc-attach} (liblxc's attach, run as its own program so
 * that the JVM is never forked): environment cleared and set, user and group, and the working directory through the
 * container's {@code /bin/sh} (lxc-attach takes the caller's). Its stdio are pipes to the daemon; its exit code is
 * lxc-attach's.
 */
final class LcrExec {
    private final String lxcAttach;

    LcrExec(String lxcAttach) {
        this.lxcAttach = lxcAttach;
    }

    List<String> command(Path lxcPath, String id, ExecSpec spec) {
        List<String> cmd = new ArrayList<>(List.of(lxcAttach, "-P", lxcPath.toString(), "-n", id, "--clear-env"));
        for (String e : spec.env()) {
            cmd.add("-v");
            cmd.add(e);
        }
        if (spec.user() != null) {
            cmd.addAll(List.of("-u", Integer.toString(spec.user().uid()), "-g", Integer.toString(spec.user().gid())));
        }
        cmd.add("--");
        String cwd = spec.cwd() == null || spec.cwd().isEmpty() ? "/" : spec.cwd();
        if (!cwd.equals("/")) {
            cmd.addAll(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd));
        }
        cmd.addAll(spec.args());
        return cmd;
    }

    ProcessStdio start(Path lxcPath, String id, ExecSpec spec, ProcessOutput output) {
        if (spec.terminal()) {
            throw new UnsupportedOption("process.terminal", "lcr runs exec processes without a terminal (no -t)");
        }
        ProcessBuilder pb = new ProcessBuilder(command(lxcPath, id, spec)).directory(new File("/"));
        if (!spec.stdin()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw EngineException.internal("lcr exec in container " + id + " failed: " + e.getMessage(), e);
        }
        Stdio stdio = new Stdio(p, output);
        Thread err = new Thread(() -> stdio.copy(p.getErrorStream(), LogEntry.Stream.STDERR), "isula-exec-lcr-err");
        err.setDaemon(true);
        err.start();
        Thread out = new Thread(() -> {
            stdio.copy(p.getInputStream(), LogEntry.Stream.STDOUT);
            int code;
            try {
                err.join();
                code = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = -1;
            }
            stdio.exited(code);
        }, "isula-exec-lcr-out");
        out.setDaemon(true);
        out.start();
        return stdio;
    }

    /**
     * The daemon's side of one exec. Both streams go to one {@link ProcessOutput}, which takes one caller at a time.
     * Once closed, the process keeps running and its output is read and dropped, so it never blocks on a full pipe.
     */
    private static final class Stdio implements ProcessStdio {
        private final Process process;
        private final ProcessOutput output;
        private boolean closed;

        Stdio(Process process, ProcessOutput output) {
            this.process = process;
            this.output = output;
        }

        void copy(InputStream in, LogEntry.Stream stream) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        if (!closed) {
                            deliver(stream, buffer, n);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended, or the daemon's side went away
            }
        }

        /** A caller that went away ends the delivery, not the draining. */
        private void deliver(LogEntry.Stream stream, byte[] buffer, int n) {
            try {
                output.output(stream, buffer, 0, n);
            } catch (RuntimeException gone) {
                closed = true;
                output.closed();
            }
        }

        synchronized void exited(int code) {
            output.exited(code);
            if (!closed) {
                closed = true;
                output.closed();
            }
        }

        @Override
        public int pid() {
            return (int) process.pid();
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            try {
                OutputStream in = process.getOutputStream();
                in.write(data, offset, length);
                in.flush();
            } catch (IOException e) {
                throw EngineException.conflict("the exec process no longer reads its input: " + e.getMessage());
            }
        }

        @Override
        public void closeStdin() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void resize(int height, int width) {
        }

        @Override
        public void close() {
            closeStdin();
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    output.closed();
                }
            }
        }
    }
}
