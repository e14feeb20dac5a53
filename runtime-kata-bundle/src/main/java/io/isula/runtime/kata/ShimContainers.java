package io.isula.runtime.kata;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ContainerLog;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.ResourceUsage;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.AtomicFiles;
import io.isula.runtime.kata.task.CgroupMetrics;
import io.isula.runtime.kata.task.Proto;
import io.isula.runtime.kata.task.TaskApi;
import io.isula.runtime.kata.ttrpc.TtrpcClient;
import io.isula.runtime.kata.ttrpc.TtrpcException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The runtime operations on shim v2 containers, once the provider has its settings. */
final class ShimContainers implements RuntimeProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimContainers.class.getName());
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** How long the output of an exited process may take to arrive after its exit. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final String LOG_POLICY = "shim-log-policy";

    private final ShimTable table;
    private final ShimLauncher launcher;
    private final ProviderContext context;
    private final Duration deadline;
    private final ShimThreads threads;
    private final HostCpu hostCpu = new HostCpu();
    private final Map<String, ShimContainer> containers = new ConcurrentHashMap<>();
    private volatile boolean closing;
    /** Creates under way (guarded by {@code this}): {@link #close} lets them finish, so none leaves a shim behind. */
    private int creating;
    /** Containers created on their shim and not started yet: nothing can start them once the provider stops. */
    private final Set<String> unstarted = ConcurrentHashMap.newKeySet();

    ShimContainers(ShimTable table, ShimLauncher launcher, ProviderContext context, Duration deadline,
                   ShimThreads threads) {
        this.table = table;
        this.launcher = launcher;
        this.context = context;
        this.deadline = deadline;
        this.threads = threads;
    }

    @Override
    public String name() {
        return ShimTable.KATA;
    }

    ShimTable table() {
        return table;
    }

    @Override
    public void create(ContainerHandle c, CreateOptions options) {
        String binary = binary(c);
        Path bundle = c.bundleDir();
        ProcessIo io = null;
        ShimLog shimLog = null;
        TaskClient task = null;
        ContainerOutput output = null;
        beginCreate(c);
        try {
            Files.createDirectories(c.stateDir());
            Files.deleteIfExists(bundle.resolve("address"));
            writePolicy(c, options.log());
            io = ProcessIo.of(c.stateDir(), "init", options.openStdin(), !options.terminal(), true);
            output = new ContainerOutput(c.id(), new CriLogWriter(c.logPath().toAbsolutePath(), options.log()));
            io.start(output, threads.loop());
            shimLog = ShimLog.open(bundle, c.id(), true, threads.loop());
            ShimAddress address = launcher.start(binary, c.id(), bundle);
            task = new TaskClient(address, launcher.namespace(), deadline, threads.loop()).open();
            ShimContainer sc = new ShimContainer(c, binary, task, io, output, shimLog);
            containers.put(c.id(), sc);
            sc.pid = task.create(new TaskApi.CreateTaskRequest(c.id(), bundle.toString(), List.of(), options.terminal(),
                    io.stdinPath(), io.stdoutPath(), io.stderrPath(), "", "", null));
            // the shim opened its ends during Create: from now on the readers see the end when the shim closes them
            io.release();
            unstarted.add(c.id());
        } catch (IOException | RuntimeException e) {
            containers.remove(c.id());
            abandon(c, binary, task, io, output, shimLog);
            String why = e instanceof TtrpcException t ? t.getMessage() : String.valueOf(e.getMessage());
            throw new EngineException(EngineException.Kind.INTERNAL,
                    c.runtime() + " create of container " + c.id() + " failed: " + why, e);
        } finally {
            endCreate();
        }
    }

    private synchronized void beginCreate(ContainerHandle c) {
        if (closing) {
            throw EngineException.unavailable("runtime " + c.runtime() + " is not available: it is being stopped");
        }
        creating++;
    }

    private synchronized void endCreate() {
        creating--;
        notifyAll();
    }

    /** Waits (at most one call deadline) for the creates under way: a create cut off would leave its shim running. */
    private synchronized void awaitCreates() {
        long end = System.nanoTime() + deadline.toNanos();
        try {
            for (long left = deadline.toNanos(); creating > 0 && left > 0; left = end - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (creating > 0) {
            LOG.log(Level.WARNING, "stopping with {0} create(s) still under way", creating);
        }
    }

    /**
     * A container created on its shim but not started when the provider stops: the engine's start can no longer reach
     * it, so it goes with its shim. One that a start raced into running stays, as every running container does.
     */
    private void undoUnstarted(ShimContainer sc) {
        try {
            sc.task.delete(sc.id(), "");
        } catch (TtrpcException e) {
            if (e.code() != TtrpcException.NOT_FOUND) {
                LOG.log(Level.WARNING, "container {0} stays on its shim: {1}", sc.id(), e.getMessage());
                sc.detach();
                return;
            }
        }
        abandon(sc.handle, sc.binary, sc.task, sc.io, sc.output, sc.shimLog);
    }

    /** Undoes a failed create: the shim goes, and every file made for it. */
    private void abandon(ContainerHandle c, String binary, TaskClient task, ProcessIo io, ContainerOutput output,
                         ShimLog shimLog) {
        if (task != null) {
            try {
                task.delete(c.id(), "");
            } catch (TtrpcException ignored) {
                // nothing was created
            }
            try {
                task.shutdown(c.id());
            } catch (TtrpcException ignored) {
                // the shim goes away while answering
            }
            task.close();
            removeSocket(task.address());
        } else if (Files.exists(c.bundleDir().resolve("address"))) {
            deadShim(c, binary);
        }
        if (io != null) {
            io.close();
            io.remove();
        }
        if (output != null) {
            output.close();
        }
        if (shimLog != null) {
            shimLog.close();
        }
        quietDelete(c.bundleDir().resolve("log"));
        quietDelete(c.bundleDir().resolve("address"));
    }

    @Override
    public int start(ContainerHandle c) {
        ShimContainer sc = require(c);
        try {
            int pid = sc.task.start(c.id(), "");
            unstarted.remove(c.id());
            sc.pid = pid;
            watch(sc);
            return pid;
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " start of container " + c.id(), e);
        }
    }

    /**
     * The container's Wait, answered at its exit: no thread waits for it. The exit is reported once the output has
     * been read (or after {@link #DRAIN}); the reporting runs on a worker, never on the poll loop.
     */
    private void watch(ShimContainer sc) {
        sc.task.awaitAsync(sc.id(), "").whenCompleteAsync((exit, error) -> {
            if (error != null) {
                waitFailed(sc, TtrpcClient.failureOf(error));
                return;
            }
            sc.io.release();
            sc.io.drained(DRAIN).whenCompleteAsync((drained, never) -> reportExit(sc, exit.exitStatus(),
                    exit.exitedAt()), threads.workers());
        }, threads.workers());
    }

    /** The connection broke before the exit: a dead shim is cleaned up, a living one is waited for again. */
    private void waitFailed(ShimContainer sc, TtrpcException e) {
        if (closing || containers.get(sc.id()) != sc) {
            return;
        }
        LOG.log(Level.WARNING, "lost the shim of container {0}: {1}", sc.id(), e.getMessage());
        if (!shimAlive(sc)) {
            TaskApi.DeleteResponse gone = deadShim(sc.handle, sc.binary);
            sc.io.close();
            reportExit(sc, gone == null ? 137 : gone.exitStatus(), gone == null ? null : gone.exitedAt());
            return;
        }
        // between two Waits on a connection that broke while the shim lives on: not a busy loop
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS, threads.workers()).execute(() -> watch(sc));
    }

    private void reportExit(ShimContainer sc, int status, Instant at) {
        if (sc.exitReported.compareAndSet(false, true)) {
            context.containerExited(sc.id(), status, at == null || at.getEpochSecond() <= 0 ? Instant.now() : at);
        }
    }

    private boolean shimAlive(ShimContainer sc) {
        try {
            sc.task.connect(sc.id());
            return true;
        } catch (TtrpcException e) {
            return false;
        }
    }

    /** A shim that is gone: its delete action cleans the container up; its socket file goes too. */
    private TaskApi.DeleteResponse deadShim(ContainerHandle c, String binary) {
        TaskApi.DeleteResponse r = null;
        try {
            r = launcher.delete(binary, c.id(), c.bundleDir());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "the delete action of the dead shim of container {0} failed: {1}", c.id(), e.getMessage());
        }
        try {
            Path file = c.bundleDir().resolve("address");
            if (Files.exists(file)) {
                removeSocket(ShimAddress.parse(Files.readString(file)));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "no socket to remove for container {0}: {1}", c.id(), e.getMessage());
        }
        return r;
    }

    @Override
    public void kill(ContainerHandle c, int signal) {
        ShimContainer sc = require(c);
        try {
            sc.task.kill(c.id(), "", signal, false);
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " kill of container " + c.id(), e);
        }
    }

    @Override
    public void delete(ContainerHandle c, boolean force) {
        validate(c);
        ShimContainer sc = containers.remove(c.id());
        unstarted.remove(c.id());
        if (sc == null) {
            sc = reconnect(c);
        }
        if (sc == null) {
            cleanFiles(c);
            return;
        }
        sc.exitReported.set(true);
        try {
            if (force) {
                try {
                    sc.task.kill(c.id(), "", 9, true);
                } catch (TtrpcException ignored) {
                    // not running
                }
            }
            try {
                sc.task.delete(c.id(), "");
            } catch (TtrpcException e) {
                if (e.code() == TtrpcException.CONNECTION) {
                    deadShim(c, sc.binary);
                } else if (e.code() != TtrpcException.NOT_FOUND) {
                    throw TaskClient.failure(c.runtime() + " delete of container " + c.id(), e);
                }
            }
            try {
                sc.task.shutdown(c.id());
            } catch (TtrpcException ignored) {
                // the shim exits while answering
            }
        } finally {
            sc.detach();
            removeSocket(sc.task.address());
            sc.io.remove();
            cleanFiles(c);
        }
    }

    private void cleanFiles(ContainerHandle c) {
        quietDelete(c.bundleDir().resolve("log"));
        quietDelete(c.bundleDir().resolve("address"));
    }

    @Override
    public RuntimeStatus state(ContainerHandle c) {
        ShimContainer sc = containers.get(validate(c).id());
        if (sc == null) {
            return RuntimeStatus.gone();
        }
        try {
            return status(sc.task.state(c.id(), ""));
        } catch (TtrpcException e) {
            if (e.code() == TtrpcException.CONNECTION && !shimAlive(sc)) {
                return new RuntimeStatus(ContainerStatus.EXITED, 0, 137, Instant.now());
            }
            throw TaskClient.failure(c.runtime() + " state of container " + c.id(), e);
        }
    }

    private static RuntimeStatus status(TaskApi.StateResponse s) {
        return switch (s.status()) {
            case RUNNING -> new RuntimeStatus(ContainerStatus.RUNNING, s.pid(), -1, null);
            case PAUSED, PAUSING -> new RuntimeStatus(ContainerStatus.PAUSED, s.pid(), -1, null);
            case CREATED -> new RuntimeStatus(ContainerStatus.INITED, s.pid(), -1, null);
            case STOPPED -> new RuntimeStatus(ContainerStatus.EXITED, 0, s.exitStatus(), s.exitedAt());
            default -> RuntimeStatus.gone();
        };
    }

    /**
     * After a daemon restart (or when the provider comes back): reconnect through the bundle's {@code address}, read
     * the output again and wait for the exit. A shim that is gone is cleaned up with its delete action.
     */
    @Override
    public RuntimeStatus restore(ContainerHandle c) {
        validate(c);
        ShimContainer old = containers.get(c.id());
        if (old != null) {
            return state(c);
        }
        String binary = binary(c);
        Path file = c.bundleDir().resolve("address");
        ShimAddress address;
        try {
            address = ShimAddress.parse(Files.readString(file));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "container {0} has no readable shim address ({1}); treating its shim as gone",
                    c.id(), e.getMessage());
            return exited(deadShim(c, binary));
        }
        TaskClient task = new TaskClient(address, launcher.namespace(), deadline, threads.loop());
        TaskApi.StateResponse st;
        try {
            task.open();
            st = task.state(c.id(), "");
        } catch (TtrpcException e) {
            task.close();
            LOG.log(Level.WARNING, "the shim of container {0} is gone ({1}); cleaning up", c.id(), e.getMessage());
            RuntimeStatus r = exited(deadShim(c, binary));
            cleanFiles(c);
            return r;
        }
        if (st.status() == TaskApi.Status.STOPPED) {
            ShimContainer sc = attachTo(c, binary, task, st, false);
            if (sc != null) {
                sc.exitReported.set(true);
            }
            return status(st);
        }
        ShimContainer sc = attachTo(c, binary, task, st, true);
        if (sc == null) {
            return status(st);
        }
        sc.pid = st.pid();
        watch(sc);
        return status(st);
    }

    /** Reconnects the engine's side of a running container's stdio and shim log. */
    private ShimContainer attachTo(ContainerHandle c, String binary, TaskClient task, TaskApi.StateResponse st,
                                   boolean read) {
        try {
            ProcessIo io = ProcessIo.of(c.stateDir(), "init", !st.stdin().isEmpty(), !st.stderr().isEmpty(), false);
            ContainerOutput output = new ContainerOutput(c.id(), new CriLogWriter(c.logPath().toAbsolutePath(),
                    readPolicy(c)));
            if (read) {
                io.start(output, threads.loop());
                io.release();
            }
            ShimLog shimLog = ShimLog.open(c.bundleDir(), c.id(), false, threads.loop());
            ShimContainer sc = new ShimContainer(c, binary, task, io, output, shimLog);
            containers.put(c.id(), sc);
            return sc;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot reopen the stdio of container {0}: {1}", c.id(), e.getMessage());
            ShimContainer sc = new ShimContainer(c, binary, task, emptyIo(c), new ContainerOutput(c.id(), nullLog(c)),
                    null);
            containers.put(c.id(), sc);
            return sc;
        }
    }

    private ProcessIo emptyIo(ContainerHandle c) {
        try {
            return ProcessIo.of(c.stateDir(), "init", false, false, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private CriLogWriter nullLog(ContainerHandle c) {
        try {
            return new CriLogWriter(c.logPath(), new ContainerLog(true, 0, 1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ShimContainer reconnect(ContainerHandle c) {
        Path file = c.bundleDir().resolve("address");
        if (!Files.exists(file)) {
            return null;
        }
        String binary = table.binary(c.runtime());
        try {
            TaskClient task = new TaskClient(ShimAddress.parse(Files.readString(file)), launcher.namespace(), deadline,
                    threads.loop());
            try {
                task.open();
            } catch (TtrpcException e) {
                if (binary != null) {
                    deadShim(c, binary);
                }
                return null;
            }
            ProcessIo io = ProcessIo.of(c.stateDir(), "init", false, false, false);
            return new ShimContainer(c, binary, task, io, new ContainerOutput(c.id(), nullLog(c)), null);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot reconnect to the shim of container {0}: {1}", c.id(), e.getMessage());
            return null;
        }
    }

    private static RuntimeStatus exited(TaskApi.DeleteResponse gone) {
        if (gone == null) {
            return new RuntimeStatus(ContainerStatus.EXITED, 0, 137, Instant.now());
        }
        Instant at = gone.exitedAt() == null || gone.exitedAt().getEpochSecond() <= 0 ? Instant.now() : gone.exitedAt();
        return new RuntimeStatus(ContainerStatus.EXITED, 0, gone.exitStatus(), at);
    }

    @Override
    public void pause(ContainerHandle c) {
        ShimContainer sc = require(c);
        try {
            sc.task.pause(c.id());
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " pause of container " + c.id(), e);
        }
    }

    @Override
    public void resume(ContainerHandle c) {
        ShimContainer sc = require(c);
        try {
            sc.task.resume(c.id());
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " resume of container " + c.id(), e);
        }
    }

    @Override
    public List<Integer> pids(ContainerHandle c) {
        ShimContainer sc = require(c);
        try {
            return sc.task.pids(c.id());
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " pids of container " + c.id(), e);
        }
    }

    @Override
    public void update(ContainerHandle c, ResourceUpdate resources) {
        ShimContainer sc = require(c);
        try {
            sc.task.update(c.id(), new Proto.Any(OciJson.RESOURCES_TYPE, OciJson.resources(resources)));
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " update of container " + c.id(), e);
        } catch (IOException e) {
            throw EngineException.internal("cannot encode the resources: " + e.getMessage(), e);
        }
    }

    @Override
    public ResourceUsage stats(ContainerHandle c) {
        ShimContainer sc = require(c);
        Proto.Any any;
        try {
            any = sc.task.stats(c.id());
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " stats of container " + c.id(), e);
        }
        if (any == null || !any.typeUrl().endsWith(CgroupMetrics.TYPE_V1)) {
            throw EngineException.internal(c.runtime() + " stats of container " + c.id() + ": the shim sent "
                    + (any == null ? "no metrics" : "metrics of type " + any.typeUrl()) + ", only "
                    + CgroupMetrics.TYPE_V1 + " is read", null);
        }
        CgroupMetrics m = CgroupMetrics.decode(any.value());
        long hostMemory = hostCpu.memoryTotal();
        long limit = m.memoryLimit() == 0 || (hostMemory > 0 && m.memoryLimit() > hostMemory) ? hostMemory : m.memoryLimit();
        return new ResourceUsage(Instant.now(), m.cpuTotal(), m.cpuKernel(), m.cpuUser(), hostCpu.systemNanos(),
                hostCpu.onlineCpus(), m.memoryUsage(), m.memoryMax(), limit, m.cache(), m.inactiveFile(),
                m.kernelUsage(), m.blkioRead(), m.blkioWrite(), m.pids(), m.pidsLimit());
    }

    @Override
    public void resize(ContainerHandle c, int height, int width) {
        ShimContainer sc = require(c);
        try {
            sc.task.resize(c.id(), "", width, height);
        } catch (TtrpcException e) {
            throw TaskClient.failure(c.runtime() + " resize of container " + c.id(), e);
        }
    }

    @Override
    public ProcessStdio attach(ContainerHandle c, ProcessOutput output) {
        ShimContainer sc = require(c);
        sc.output.attach(output);
        return new ProcessStdio() {
            @Override
            public int pid() {
                return sc.pid;
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                try {
                    sc.io.write(data, offset, length);
                } catch (IOException e) {
                    throw EngineException.conflict("cannot write to the stdin of container " + c.id() + ": " + e.getMessage());
                }
            }

            @Override
            public void closeStdin() {
                if (!sc.io.hasStdin()) {
                    return;
                }
                sc.io.closeStdin();
                try {
                    sc.task.closeStdin(c.id(), "");
                } catch (TtrpcException e) {
                    LOG.log(Level.DEBUG, "CloseIO of container {0}: {1}", c.id(), e.getMessage());
                }
            }

            @Override
            public void resize(int height, int width) {
                ShimContainers.this.resize(c, height, width);
            }

            @Override
            public void close() {
                sc.output.detach(output);
            }
        };
    }

    @Override
    public ProcessStdio exec(ContainerHandle c, ExecSpec spec, ProcessOutput output) {
        ShimContainer sc = require(c);
        if (spec.execId() == null || !VALID_ID.matcher(spec.execId()).matches()) {
            throw EngineException.invalid("invalid exec id '" + spec.execId() + "'");
        }
        ShimExec exec = new ShimExec(sc, spec, output, threads);
        return exec.start();
    }

    private ShimContainer require(ContainerHandle c) {
        ShimContainer sc = containers.get(validate(c).id());
        if (sc == null) {
            throw EngineException.conflict("container " + c.id() + " is not running on " + c.runtime());
        }
        return sc;
    }

    private String binary(ContainerHandle c) {
        String b = table.binary(c.runtime());
        if (b == null) {
            throw EngineException.unavailable("runtime " + c.runtime() + " is not available: "
                    + ShimTable.binaryName(ShimTable.type(c.runtime())) + " is not installed (not on PATH and not"
                    + " configured in daemon.json runtimes)");
        }
        return b;
    }

    private static ContainerHandle validate(ContainerHandle c) {
        if (c.id() == null || !VALID_ID.matcher(c.id()).matches()) {
            throw EngineException.invalid("invalid container id '" + c.id() + "'");
        }
        return c;
    }

    private static void writePolicy(ContainerHandle c, ContainerLog log) throws IOException {
        AtomicFiles.replace(c.stateDir().resolve(LOG_POLICY), log.disabled() + " " + log.maxSize() + " " + log.maxFiles());
    }

    private static ContainerLog readPolicy(ContainerHandle c) {
        try {
            String[] p = Files.readString(c.stateDir().resolve(LOG_POLICY)).strip().split(" ");
            return new ContainerLog(Boolean.parseBoolean(p[0]), Long.parseLong(p[1]), Integer.parseInt(p[2]));
        } catch (IOException | RuntimeException e) {
            return ContainerLog.unlimited();
        }
    }

    private static void removeSocket(ShimAddress a) {
        quietDelete(a.socket());
    }

    private static void quietDelete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot remove {0}: {1}", p, e.getMessage());
        }
    }

    static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }

    /**
     * Stops reading and waiting: the shims and their started containers keep running, to be restored later. Creates
     * under way finish first; containers created and not started go with their shims.
     */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        awaitCreates();
        for (String id : Set.copyOf(unstarted)) {
            ShimContainer sc = containers.remove(id);
            if (sc != null) {
                undoUnstarted(sc);
            }
        }
        unstarted.clear();
        containers.values().forEach(ShimContainer::detach);
        containers.clear();
    }
}
