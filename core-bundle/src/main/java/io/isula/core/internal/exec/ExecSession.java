package io.isula.core.internal.exec;

import io.isula.core.api.EngineException;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.util.DetachKeys;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One exec: created, then started once; its output goes to the client that started it, and its exit code is kept
 * for {@code GET /exec/{id}/json}. The client's stream ends only after the exit code is recorded, so a client that
 * asks for it when its stream ends always finds it.
 */
final class ExecSession implements ProcessOutput {
    private final String id;
    private final String containerId;
    private final ExecConfig config;
    private final Instant created = Instant.now();
    private final IntConsumer onExit;
    private StdioSink sink;
    private ProcessStdio stdio;
    private boolean started;
    private boolean running;
    private Integer exitCode;
    private int pid;
    private boolean sinkClosed;
    private Instant endedAt;
    /** The exit's event waits for the start's (a process can end before its start returns). */
    private boolean startReported;
    private Integer unreportedExit;

    ExecSession(String id, String containerId, ExecConfig config, IntConsumer onExit) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
        this.onExit = onExit;
    }

    String id() { return id; }

    String containerId() { return containerId; }

    ExecConfig config() { return config; }

    Instant created() { return created; }

    synchronized Instant endedAt() { return endedAt; }

    synchronized boolean finished() { return started && !running; }

    /** Marks it started; a second start is refused. */
    synchronized void begin(StdioSink attachedSink) {
        if (started) {
            throw EngineException.conflict("Exec " + id + " has already been started");
        }
        started = true;
        running = true;
        sink = attachedSink;
    }

    synchronized void running(ProcessStdio processStdio) {
        stdio = processStdio;
        pid = processStdio.pid();
    }

    /** The start failed: exit code 126 (cannot run) or 127 (not found), as Docker records it. */
    void failed(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
        int code = r.contains("not found") || r.contains("no such file") ? 127 : 126;
        exited(code);
        closed();
    }

    @Override
    public void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        StdioSink s;
        synchronized (this) {
            s = sinkClosed ? null : sink;
        }
        if (s == null) {
            return;
        }
        boolean wanted = stream == LogEntry.Stream.STDERR ? config.attachStderr() : config.attachStdout();
        if (wanted && !s.output(stream, data, offset, length)) {
            closeSink();
        }
    }

    @Override
    public void exited(int code) {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            exitCode = code;
            endedAt = Instant.now();
            if (!startReported) {
                unreportedExit = code;
                return;
            }
        }
        onExit.accept(code);
    }

    /** The start was reported (or failed): an exit that came meanwhile is reported now. */
    void startReported() {
        Integer exit;
        synchronized (this) {
            startReported = true;
            exit = unreportedExit;
            unreportedExit = null;
        }
        if (exit != null) {
            onExit.accept(exit);
        }
    }

    @Override
    public void closed() {
        closeSink();
    }

    private void closeSink() {
        StdioSink s;
        synchronized (this) {
            if (sinkClosed || sink == null) {
                sinkClosed = true;
                return;
            }
            sinkClosed = true;
            s = sink;
        }
        s.closed();
    }

    synchronized ProcessStdio stdio() {
        return stdio;
    }

    synchronized ExecDetails details() {
        List<String> cmd = config.cmd() == null ? List.of() : config.cmd();
        return new ExecDetails(id, containerId, running, exitCode, pid, config.attachStdin(), config.attachStdout(),
                config.attachStderr(), !running, config.detachKeys(),
                new ExecDetails.ProcessConfig(config.tty(), cmd.isEmpty() ? "" : cmd.get(0),
                        cmd.size() > 1 ? cmd.subList(1, cmd.size()) : List.of(), config.privileged(),
                        config.user() == null ? "" : config.user()));
    }

    /** The client's side of a started, attached exec. */
    StdioStream stream() {
        DetachKeys.Scanner detach = config.tty() && config.attachStdin() ? DetachKeys.parse(config.detachKeys()).scanner()
                : null;
        return new StdioStream() {
            @Override
            public void write(byte[] data, int offset, int length) {
                ProcessStdio p = stdio();
                if (!config.attachStdin() || p == null || length <= 0) {
                    return;
                }
                if (detach == null) {
                    p.write(data, offset, length);
                    return;
                }
                ByteArrayOutputStream pass = new ByteArrayOutputStream(length);
                boolean detached = detach.scan(data, offset, length, pass);
                if (pass.size() > 0) {
                    p.write(pass.toByteArray(), 0, pass.size());
                }
                if (detached) {
                    close();
                }
            }

            @Override
            public void closeStdin() {
                ProcessStdio p = stdio();
                if (config.attachStdin() && !config.tty() && p != null) {
                    p.closeStdin();
                }
            }

            @Override
            public void resize(int height, int width) {
                ProcessStdio p = stdio();
                if (p != null) {
                    p.resize(height, width);
                }
            }

            @Override
            public void close() {
                ProcessStdio p = stdio();
                if (p != null) {
                    p.close();
                }
                closeSink();
            }
        };
    }
}
