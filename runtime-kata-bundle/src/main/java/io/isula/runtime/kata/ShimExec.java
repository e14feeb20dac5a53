package io.isula.runtime.kata;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.runtime.kata.task.Proto;
import io.isula.runtime.kata.task.TaskApi;
import io.isula.runtime.kata.ttrpc.TtrpcException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** One exec'd process on a shim: Exec, Start, a Wait of its own, then Delete; its stdio through FIFOs. */
final class ShimExec {
    private static final System.Logger LOG = System.getLogger(ShimExec.class.getName());
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final ShimContainer container;
    private final ExecSpec spec;
    private final ProcessOutput output;
    private ProcessIo io;
    private volatile int pid;

    ShimExec(ShimContainer container, ExecSpec spec, ProcessOutput output) {
        this.container = container;
        this.spec = spec;
        this.output = output;
    }

    ProcessStdio start() {
        String id = container.id();
        String execId = spec.execId();
        try {
            if (spec.attached() || spec.stdin()) {
                io = ProcessIo.of(container.handle.stateDir(), "exec-" + ShimContainers.shortId(execId), spec.stdin(),
                        !spec.terminal(), true);
                io.start(new ProcessIo.Sink() {
                    @Override
                    public void output(io.isula.core.api.LogEntry.Stream stream, byte[] data, int offset, int length) {
                        output.output(stream, data, offset, length);
                    }

                    @Override
                    public void ended() {
                        // reported with the exit code, once Wait answered
                    }
                }, "shim-exec-" + ShimContainers.shortId(execId));
            }
            byte[] process = OciJson.execProcess(container.handle.bundleDir(), spec);
            container.task.exec(new TaskApi.ExecProcessRequest(id, execId, spec.terminal(),
                    io == null ? "" : io.stdinPath(), io == null ? "" : io.stdoutPath(),
                    io == null ? "" : io.stderrPath(), new Proto.Any(OciJson.PROCESS_TYPE, process)));
            pid = container.task.start(id, execId);
            if (io != null) {
                io.release();
            }
        } catch (TtrpcException e) {
            cleanUp(true);
            throw TaskClient.failure("exec in container " + id, e);
        } catch (IOException e) {
            cleanUp(true);
            throw EngineException.internal("exec in container " + id + " failed: " + e.getMessage(), e);
        }
        Thread t = new Thread(this::awaitExit, "shim-exec-wait-" + ShimContainers.shortId(execId));
        t.setDaemon(true);
        t.start();
        return new ProcessStdio() {
            @Override
            public int pid() {
                return pid;
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                if (io == null || !io.hasStdin()) {
                    throw EngineException.conflict("exec " + execId + " has no stdin");
                }
                try {
                    io.write(data, offset, length);
                } catch (IOException e) {
                    throw EngineException.conflict("cannot write to exec " + execId + ": " + e.getMessage());
                }
            }

            @Override
            public void closeStdin() {
                if (io == null || !io.hasStdin()) {
                    return;
                }
                io.closeStdin();
                try {
                    container.task.closeStdin(id, execId);
                } catch (TtrpcException e) {
                    LOG.log(Level.DEBUG, "CloseIO of exec {0}: {1}", execId, e.getMessage());
                }
            }

            @Override
            public void resize(int height, int width) {
                if (!spec.terminal()) {
                    return;
                }
                try {
                    container.task.resize(id, execId, width, height);
                } catch (TtrpcException e) {
                    throw TaskClient.failure("resize of exec " + execId, e);
                }
            }

            @Override
            public void close() {
                // the process keeps running; its output is read until it exits
            }
        };
    }

    private void awaitExit() {
        int code = -1;
        try {
            code = container.task.await(container.id(), spec.execId()).exitStatus();
        } catch (TtrpcException e) {
            LOG.log(Level.WARNING, "waiting for exec {0} failed: {1}", spec.execId(), e.getMessage());
        }
        if (io != null) {
            io.release();
            io.awaitDrained(DRAIN);
        }
        try {
            output.exited(code);
            output.closed();
        } finally {
            cleanUp(false);
        }
    }

    private void cleanUp(boolean failedStart) {
        try {
            container.task.delete(container.id(), spec.execId());
        } catch (TtrpcException e) {
            if (!failedStart) {
                LOG.log(Level.DEBUG, "delete of exec {0}: {1}", spec.execId(), e.getMessage());
            }
        }
        if (io != null) {
            io.close();
            io.remove();
        }
    }
}
