package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.LogEntry;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A runtime that only records calls; a test plays the monitor by calling {@link #exit}. */
final class FakeRuntime implements RuntimeProvider {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, RuntimeStatus> restoreAnswers = new ConcurrentHashMap<>();
    volatile ProviderContext context;
    volatile boolean exitOnKill = true;
    /** Thrown by start and delete when set: a provider that left while the engine was calling it. */
    volatile RuntimeException away;

    @Override
    public String name() { return "fake"; }

    @Override
    public void init(ProviderContext ctx) { this.context = ctx; }

    @Override
    public void create(ContainerHandle c, CreateOptions options) { calls.add("create " + c.id()); }

    @Override
    public int start(ContainerHandle c) {
        calls.add("start " + c.id());
        if (away != null) {
            throw away;
        }
        return 4242;
    }

    @Override
    public void kill(ContainerHandle c, int signal) {
        calls.add("kill " + c.id() + " " + signal);
        if (exitOnKill) {
            exit(c.id(), 128 + signal);
        }
    }

    @Override
    public void delete(ContainerHandle c, boolean force) {
        calls.add("delete " + c.id());
        if (away != null) {
            throw away;
        }
    }

    @Override
    public RuntimeStatus state(ContainerHandle c) { return new RuntimeStatus(ContainerStatus.RUNNING, 4242, -1, null); }

    @Override
    public RuntimeStatus restore(ContainerHandle c) {
        calls.add("restore " + c.id());
        return restoreAnswers.getOrDefault(c.id(), new RuntimeStatus(ContainerStatus.RUNNING, 4242, -1, null));
    }

    @Override
    public void pause(ContainerHandle c) { calls.add("pause " + c.id()); }

    @Override
    public void resume(ContainerHandle c) { calls.add("resume " + c.id()); }

    @Override
    public void update(ContainerHandle c, ResourceUpdate r) { calls.add("update " + c.id() + " " + r); }

    /** Probes answer {@link #probeExitCode}, or never end when {@link #probeHangs}. */
    volatile int probeExitCode;
    volatile boolean probeHangs;

    @Override
    public ProcessStdio exec(ContainerHandle c, ExecSpec spec, ProcessOutput output) {
        calls.add("exec " + c.id() + " " + spec.args());
        byte[] text = "probe".getBytes(StandardCharsets.UTF_8);
        output.output(LogEntry.Stream.STDOUT, text, 0, text.length);
        if (!probeHangs) {
            output.exited(probeExitCode);
            output.closed();
        }
        return new ProcessStdio() {
            @Override
            public void write(byte[] data, int offset, int length) {
            }

            @Override
            public void closeStdin() {
            }

            @Override
            public void resize(int height, int width) {
            }

            @Override
            public void close() {
            }
        };
    }

    void exit(String id, int code) {
        context.containerExited(id, code, Instant.now());
    }
}
