package io.isula.runtime.kata;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.runtime.kata.task.Proto;
import io.isula.runtime.kata.task.TaskApi;
import io.isula.runtime.kata.ttrpc.TtrpcClient;
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
    private final ShimThreads threads;
    private ProcessIo io;
    private volatile int pid;

    ShimExec(ShimContainer container, ExecSpec spec, ProcessOutput output, ShimThreads threads) {
        this.container = container;
        this.spec = spec;
        this.output = output;
        this.threads = threads;
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
                }, threads.loop());
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
        container.task.awaitAsync(id, execId).whenCompleteAsync(this::exited, threads.workers());
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

    /** Wait answered (on a worker): the exit code is reported once the output has been read. */
    private void exited(TaskApi.WaitResponse exit, Throwable error) {
        int code = -1;
        if (error != null) {
            LOG.log(Level.WARNING, "waiting for exec {0} failed: {1}", spec.execId(),
                    TtrpcClient.failureOf(error).getMessage());
        } else {
            code = exit.exitStatus();
        }
        int status = code;
        if (io == null) {
            finish(status);
            return;
        }
        io.release();
        io.drained(DRAIN).whenCompleteAsync((drained, never) -> finish(status), threads.workers());
    }

    private void finish(int code) {
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
