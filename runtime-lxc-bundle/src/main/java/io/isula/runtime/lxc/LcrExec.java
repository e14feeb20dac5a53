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
        Thread err = pump(p.getErrorStream(), LogEntry.Stream.STDERR, output, "isula-lcr-exec-err");
        Thread out = new Thread(() -> {
            copy(p.getInputStream(), LogEntry.Stream.STDOUT, output);
            int code;
            try {
                err.join();
                code = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = -1;
            }
            output.exited(code);
            output.closed();
        }, "isula-lcr-exec-out");
        out.setDaemon(true);
        out.start();
        return new Stdio(p);
    }

    private static Thread pump(InputStream in, LogEntry.Stream stream, ProcessOutput output, String name) {
        Thread t = new Thread(() -> copy(in, stream, output), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Output from both streams goes to one {@link ProcessOutput}, which takes one caller at a time. */
    private static void copy(InputStream in, LogEntry.Stream stream, ProcessOutput output) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    output.output(stream, buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process or the connection ended
        }
    }

    private record Stdio(Process process) implements ProcessStdio {
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
        }
    }
}
