package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonExec;
import io.isula.core.util.conmon.ExecFiles;
import io.isula.core.util.conmon.Fifos;
import io.isula.core.util.conmon.AttachConnection;
import io.isula.core.util.conmon.ExitWatcher;
import io.isula.core.util.conmon.ExitFile;
import io.isula.core.util.conmon.ContainerExit;
import io.isula.core.util.conmon.ConmonProcess;
import io.isula.core.util.conmon.LogRotator;
import io.isula.core.util.cgroup.CgroupStats;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.ResourceUsage;
import java.nio.file.NoSuchFileException;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import java.lang.System.Logger.Level;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The runtime operations for every runc-compatible name, once the provider has its settings. */
final class RuncContainers implements RuntimeProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RuncContainers.class.getName());
    /** Container ids become file names. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** How long a stopping container's conmon gets to write the exit file. */
    private static final Duration MONITOR_GRACE = Duration.ofSeconds(5);

    private final RuntimeTable runtimes;
    private final ConmonLauncher launcher;
    private final ConmonExec execs;
    private final LogRotator rotator = new LogRotator();
    private final CgroupStats cgroups = new CgroupStats();
    private final StoppedRuncState stoppedStates = new StoppedRuncState(Path.of("/sys/fs/cgroup"));
    private final ConmonProcess processes;
    private final ExitWatcher watcher;
    private final Duration timeout;
    private final OomRecord oom = new OomRecord();
    /** The files of each container whose exit is watched, by id: where to look for an OOM kill when it exits. */
    private final Map<String, ContainerFiles> watchedFiles = new ConcurrentHashMap<>();

    RuncContainers(RuntimeTable runtimes, ProviderContext context, String conmon, Duration timeout) throws IOException {
        this.runtimes = runtimes;
        this.timeout = timeout;
        this.processes = new ConmonProcess();
        this.launcher = new ConmonLauncher(conmon, context.settings().logLevel(), timeout, processes);
        this.execs = new ConmonExec(conmon, ConmonLauncher.conmonLogLevel(context.settings().logLevel()), timeout);
        for (RuntimeLayout rt : runtimes.byName().values()) {
            Files.createDirectories(rt.runcRoot());
            Files.createDirectories(rt.socketDir());
        }
        this.watcher = new ExitWatcher(runtimes.byName().values().stream().map(RuntimeLayout::exitDir).toList(),
                (id, exit) -> {
                    ContainerFiles files = watchedFiles.get(id);
                    if (files != null && oom.oomKilled(files)) {
                        context.containerOom(id);
                    }
                    context.containerExited(id, exit.code(), exit.at());
                });
    }

    @Override
    public String name() {
        return RuntimeTable.RUNC;
    }

    RuntimeTable runtimes() {
        return runtimes;
    }

    @Override
    public void create(ContainerHandle c, CreateOptions options) {
        RuntimeLayout rt = layout(c);
        ContainerFiles files = ContainerFiles.of(c, rt);
        try {
            Files.createDirectories(files.stateDir());
            Files.createDirectories(rt.socketDir());
            Files.createDirectories(c.logPath().toAbsolutePath().getParent());
            Files.deleteIfExists(files.exitFile());
            Files.deleteIfExists(files.socketLink());
            Files.deleteIfExists(files.bundleDir().resolve("oom"));
        } catch (IOException e) {
            throw EngineException.internal(rt.name() + " create of container " + c.id() + " failed: " + e.getMessage(), e);
        }
        watchedFiles.put(c.id(), files);
        watcher.watch(files.exitFile());
        try {
            launcher.create(rt, c, files, options);
            rotator.watch(c.id(), files.stateDir(), c.logPath().toAbsolutePath(), files.bundleDir().resolve("ctl"),
                    options.log());
        } catch (IOException | RuntimeException e) {
            watcher.unwatch(files.exitFile());
            launcher.abandon(c, files);
            cleanUpFailedCreate(rt, c, files);
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw new EngineException(EngineException.Kind.INTERNAL,
                    rt.name() + " create of container " + c.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int start(ContainerHandle c) {
        RuntimeLayout rt = layout(c);
        OptionalInt pid = ContainerFiles.of(c, rt).initPid();
        if (!releaseExecFifo(rt, c.id(), pid)) {
            cli(rt).start(c.id());
        }
        if (pid.isPresent()) {
            return pid.getAsInt();
        }
        return cli(rt).state(c.id()).map(RuncState::pid)
                .orElseThrow(() -> EngineException.notFound(rt.name() + ": container " + c.id() + " vanished after start"));
    }

    private boolean releaseExecFifo(RuntimeLayout rt, String id, OptionalInt initPid) {
        try {
            return ExecFifo.release(ExecFifo.of(rt, id), initPid, timeout.toMillis());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "starting {0} through runc instead: {1}", id, e.getMessage());
            return false;
        }
    }

    @Override
    public void kill(ContainerHandle c, int signal) {
        cli(layout(c)).kill(c.id(), signal);
    }

    @Override
    public void delete(ContainerHandle c, boolean force) {
        RuntimeLayout rt = layout(c);
        ContainerFiles files = ContainerFiles.of(c, rt);
        if (!removedWithoutRunc(rt, c, files)) {
            cli(rt).delete(c.id(), force);
        }
        watcher.unwatch(files.exitFile());
        watchedFiles.remove(c.id());
        rotator.unwatch(c.id());
        awaitMonitorExit(c, files);
        try {
            files.removeLeftovers();
        } catch (IOException e) {
            throw EngineException.internal(rt.name() + " delete of container " + c.id()
                    + ": cannot remove its files: " + e.getMessage(), e);
        }
    }

    @Override
    public RuntimeStatus state(ContainerHandle c) {
        RuntimeLayout rt = layout(c);
        Optional<ContainerExit> exit = readExit(ContainerFiles.of(c, rt));
        return cli(rt).state(c.id()).map(s -> s.toStatus(exit))
                .orElseGet(() -> exit.map(RuncState::exited).orElse(RuntimeStatus.gone()));
    }

    /**
     * Re-attaches after a daemon restart. Order matters: watch first, then look, so an exit that happens in between is
     * reported by one of the two (and only once).
     */
    @Override
    public RuntimeStatus restore(ContainerHandle c) {
        RuntimeLayout rt = layout(c);
        ContainerFiles files = ContainerFiles.of(c, rt);
        watchedFiles.put(c.id(), files);
        watcher.watch(files.exitFile());
        Optional<ContainerExit> exit = watcher.check(files.exitFile());
        if (exit.isPresent()) {
            return RuncState.exited(exit.get());
        }
        OptionalInt conmon = files.conmonPid();
        boolean monitored = conmon.isPresent() && processes.alive(conmon.getAsInt(), c.id());
        Optional<RuncState> runc = cli(rt).state(c.id());
        if (monitored) {
            if (runc.isPresent() && !"stopped".equals(runc.get().status())) {
                rotator.restore(c.id(), files.stateDir(), c.logPath().toAbsolutePath(), files.bundleDir().resolve("ctl"));
                return runc.get().toStatus(Optional.empty());
            }
            // stopped a moment ago: conmon is about to write the exit file
            exit = awaitExitFile(files);
            if (exit.isPresent()) {
                return RuncState.exited(exit.get());
            }
        }
        // the exit file may have been written just before conmon went away
        exit = watcher.check(files.exitFile());
        if (exit.isPresent()) {
            return RuncState.exited(exit.get());
        }
        return unmonitored(rt, c, files, conmon, runc);
    }

    /** No monitor and no exit file: nobody would ever learn this container's exit, so it is ended here. */
    private RuntimeStatus unmonitored(RuntimeLayout rt, ContainerHandle c, ContainerFiles files, OptionalInt conmon,
                                      Optional<RuncState> runc) {
        watcher.unwatch(files.exitFile());
        String monitor = conmon.isPresent() ? "its conmon (pid " + conmon.getAsInt() + ") is gone" : "it has no conmon";
        int code = -1;
        if (runc.isPresent() && !"stopped".equals(runc.get().status())) {
            LOG.log(Level.WARNING, "{0} container {1} is {2} but {3} and it left no exit file; killing it (exit code 137)", rt.name(), c.id(), runc.get().status(), monitor);
            try {
                cli(rt).kill(c.id(), 9);
            } catch (EngineException e) {
                LOG.log(Level.WARNING, "killing unmonitored container {0}: {1}", c.id(), e.getMessage());
            }
            code = 137;
        } else {
            LOG.log(Level.WARNING, "{0} container {1} stopped while {2} and left no exit file; exit code unknown (-1)", rt.name(), c.id(), monitor);
        }
        Instant now = Instant.now();
        return new RuntimeStatus(ContainerStatus.EXITED, 0, code, now);
    }

    @Override
    public void pause(ContainerHandle c) {
        cli(layout(c)).pause(c.id());
    }

    @Override
    public void resume(ContainerHandle c) {
        cli(layout(c)).resume(c.id());
    }

    @Override
    public List<Integer> pids(ContainerHandle c) {
        return cli(layout(c)).pids(c.id());
    }

    @Override
    public void update(ContainerHandle c, ResourceUpdate resources) {
        cli(layout(c)).update(c.id(), resources);
    }

    @Override
    public ProcessStdio exec(ContainerHandle c, ExecSpec spec, ProcessOutput output) {
        RuntimeLayout rt = layout(c);
        if (spec.execId() == null || !VALID_ID.matcher(spec.execId()).matches()) {
            throw EngineException.invalid("invalid exec id '" + spec.execId() + "'");
        }
        return execs.start(new RuncExec(rt), c, ExecFiles.of(c.stateDir(), rt.socketDir(), spec.execId()), spec, output);
    }

    /** Connects to the container's conmon attach socket (through conmon's short link). */
    @Override
    public ProcessStdio attach(ContainerHandle c, ProcessOutput output) {
        RuntimeLayout rt = layout(c);
        ContainerFiles files = ContainerFiles.of(c, rt);
        try {
            return AttachConnection.open(files.socketLink().resolve("attach"), files.bundleDir().resolve("ctl"), output,
                    "isula-attach-" + c.id().substring(0, Math.min(12, c.id().length())),
                    () -> files.initPid().orElse(0));
        } catch (IOException e) {
            throw EngineException.conflict(rt.name() + ": cannot attach to container " + c.id() + ": " + e.getMessage());
        }
    }

    @Override
    public ResourceUsage stats(ContainerHandle c) {
        RuntimeLayout rt = layout(c);
        int pid = ContainerFiles.of(c, rt).initPid().orElseThrow(
                () -> EngineException.conflict("container " + c.id() + " is not running"));
        try {
            return cgroups.read(pid);
        } catch (NoSuchFileException e) {
            throw EngineException.conflict("container " + c.id() + " is not running");
        } catch (IOException e) {
            throw EngineException.internal("cannot read the cgroups of container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resize(ContainerHandle c, int height, int width) {
        Fifos.resizeTerminal(ContainerFiles.of(c, layout(c)).bundleDir().resolve("ctl"), height, width,
                "container " + c.id() + " is not running");
    }

    private Optional<ContainerExit> awaitExitFile(ContainerFiles files) {
        long deadline = System.nanoTime() + MONITOR_GRACE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ContainerExit> exit = watcher.check(files.exitFile());
            if (exit.isPresent()) {
                return exit;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** After runc delete the conmon writes its exit file and goes; removing its files before that would race it. */
    private void awaitMonitorExit(ContainerHandle c, ContainerFiles files) {
        OptionalInt conmon = files.conmonPid();
        if (conmon.isEmpty()) {
            return;
        }
        try {
            if (!processes.awaitExit(conmon.getAsInt(), c.id(), MONITOR_GRACE)) {
                LOG.log(Level.WARNING, "conmon {0} of container {1} still runs after delete", conmon.getAsInt(), c.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanUpFailedCreate(RuntimeLayout rt, ContainerHandle c, ContainerFiles files) {
        try {
            cli(rt).delete(c.id(), true);
            awaitMonitorExit(c, files);
            Files.deleteIfExists(files.socketLink());
            Files.deleteIfExists(files.exitFile());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up after the failed create of container {0}: {1}", c.id(), e.getMessage());
        }
    }

    /** {@code runc delete} done by the daemon, for a container whose exit conmon recorded ({@link StoppedRuncState}). */
    private boolean removedWithoutRunc(RuntimeLayout rt, ContainerHandle c, ContainerFiles files) {
        Optional<Path> state = rt.ownRuncState(c.id());
        if (state.isEmpty() || readExit(files).isEmpty()) {
            return false;
        }
        try {
            return stoppedStates.remove(state.get());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "deleting {0} through runc instead: {1}", c.id(), e.getMessage());
            return false;
        }
    }

    private Optional<ContainerExit> readExit(ContainerFiles files) {
        try {
            return ExitFile.read(files.exitFile());
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot read exit file {0}: {1}", files.exitFile(), e.getMessage());
            return Optional.empty();
        }
    }

    private RuntimeLayout layout(ContainerHandle c) {
        if (c.id() == null || !VALID_ID.matcher(c.id()).matches()) {
            throw EngineException.invalid("invalid container id '" + c.id() + "'");
        }
        RuntimeLayout rt = runtimes.get(c.runtime() == null ? RuntimeTable.RUNC : c.runtime());
        if (rt == null) {
            throw EngineException.unavailable("runtime " + c.runtime() + " is not available");
        }
        return rt;
    }

    private RuncCli cli(RuntimeLayout rt) {
        return new RuncCli(rt, timeout);
    }

    /** Stops watching; an empty socket dir outside the state root goes too (init makes it again). */
    @Override
    public void close() {
        watcher.close();
        rotator.close();
        for (RuntimeLayout rt : runtimes.byName().values()) {
            if (!rt.socketDir().startsWith(rt.dir())) {
                try {
                    Files.deleteIfExists(rt.socketDir());
                } catch (IOException notEmpty) {
                    // containers still run: their conmon links stay
                }
            }
        }
    }
}
