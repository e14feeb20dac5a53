package io.isula.core.internal.store;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.HealthState;
import io.isula.core.api.HostConfig;
import io.isula.core.api.MountPoint;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.RootfsRequest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container: its fixed identity and configuration, and its state. State changes happen under the
 * record's monitor (short sections, {@link #awaitNotActive} waits on it); lifecycle operations that call
 * providers hold {@link #operationLock()} so that start, stop and remove of one container never interleave.
 */
public final class ContainerRecord {
    private static final Instant ZERO = Instant.EPOCH;

    private final String id;
    private final Instant created;
    private final String runtime;
    private final String imageType;
    private final String image;
    private final ContainerConfig config;
    private final List<String> args;
    private final List<MountPoint> mountPoints;
    private final Path bundleDir;
    private final Path stateDir;
    private final ReentrantLock operationLock = new ReentrantLock();
    private final Object saveLock = new Object();

    private String name;
    private String baseFs;
    private ContainerStatus status = ContainerStatus.INITED;
    private int pid;
    private int exitCode;
    private String error = "";
    private Instant startedAt = ZERO;
    private Instant finishedAt = ZERO;
    private int restartCount;
    private boolean manuallyStopped;
    private boolean removed;
    /**
     * The runtime may hold state of this container (from its create on, until a delete succeeded): removal must ask
     * the runtime, and waits for it when it is away.
     */
    private boolean runtimeHoldsState;
    private HostConfig hostConfig;
    private boolean oomKilled;
    private HealthState health;
    /** Exits in a row with a non-zero code (iSulad's failure count of on-failure). */
    private int failureCount;
    /** The restart delay last used, 0 before the first restart (grows by doubling). */
    private long restartDelayMillis;
    public ContainerRecord(String id, String name, Instant created, String runtime, String imageType, String image,
                           ContainerConfig config, HostConfig hostConfig, List<String> args, Path bundleDir,
                           Path stateDir, String baseFs, List<MountPoint> mountPoints) {
        this.id = id;
        this.name = name;
        this.created = created;
        this.runtime = runtime;
        this.imageType = imageType;
        this.image = image;
        this.config = config;
        this.hostConfig = hostConfig;
        this.args = List.copyOf(args);
        this.bundleDir = bundleDir;
        this.stateDir = stateDir;
        this.baseFs = baseFs;
        this.mountPoints = mountPoints == null ? List.of() : List.copyOf(mountPoints);
    }

    public String id() { return id; }

    public Instant created() { return created; }

    public String runtime() { return runtime; }

    public String imageType() { return imageType; }

    public String image() { return image; }

    public ContainerConfig config() { return config; }

    public synchronized HostConfig hostConfig() { return hostConfig; }

    /** {@code update} changed the container's settings. */
    public synchronized void updateHostConfig(HostConfig changed) { hostConfig = changed; }

    /** The container's binds, volumes and tmpfs mounts, fixed at create. */
    public List<MountPoint> mountPoints() { return mountPoints; }

    /** Entrypoint followed by command: what the container's init runs. */
    public List<String> args() { return args; }

    public Path bundleDir() { return bundleDir; }

    public Path stateDir() { return stateDir; }

    public Path logPath() { return bundleDir.resolve("console.log"); }

    public ReentrantLock operationLock() { return operationLock; }

    public ContainerHandle handle() {
        return new ContainerHandle(id, runtime, bundleDir, stateDir, logPath());
    }

    public synchronized RootfsRequest rootfs() {
        return new RootfsRequest(id, image, hostConfig.externalRootfs(), baseFs);
    }

    public synchronized String name() { return name; }

    public synchronized String baseFs() { return baseFs; }

    public synchronized ContainerStatus status() { return status; }

    public synchronized int pid() { return pid; }

    public synchronized int exitCode() { return exitCode; }

    public synchronized String error() { return error; }

    public synchronized Instant startedAt() { return startedAt; }

    public synchronized Instant finishedAt() { return finishedAt; }

    public synchronized int restartCount() { return restartCount; }

    public synchronized boolean removed() { return removed; }

    public synchronized boolean manuallyStopped() { return manuallyStopped; }

    public synchronized boolean oomKilled() { return oomKilled; }

    /** The kernel killed a process of this container for want of memory (its memory cgroup's OOM killer). */
    public synchronized void markOomKilled() { oomKilled = true; }

    public synchronized HealthState health() { return health; }

    public synchronized void updateHealth(HealthState h) { health = h; }

    public synchronized int failureCount() { return failureCount; }

    public synchronized long restartDelayMillis() { return restartDelayMillis; }

    /** Records the outcome of an exit for the restart policy: failures in a row and the next delay. */
    public synchronized void recordExitForRestart(int code, long nextDelayMillis) {
        failureCount = code == 0 ? 0 : failureCount + 1;
        restartDelayMillis = nextDelayMillis;
    }

    /** A user start: the restart policy starts over. */
    public synchronized void resetRestarts() {
        restartCount = 0;
        failureCount = 0;
        restartDelayMillis = 0;
    }

    public synchronized void incrementRestartCount() { restartCount++; }

    public synchronized void rename(String newName) { name = newName; }
    public synchronized void markStarting() {
        status = ContainerStatus.STARTING;
        error = "";
    }

    /** The runtime reported the start; an exit that raced ahead of this report is kept. */
    public synchronized void markRunning(int processId, Instant at) {
        runtimeHoldsState = true;
        if (status == ContainerStatus.EXITED || status == ContainerStatus.RESTARTING) {
            startedAt = at.isAfter(finishedAt) ? finishedAt : at;
            return;
        }
        startedAt = at;
        status = ContainerStatus.RUNNING;
        pid = processId;
        manuallyStopped = false;
        oomKilled = false;
        notifyAll();
    }

    /** The runtime is about to create the container: from now on it may hold state of it. */
    public synchronized void markRuntimeHoldsState() { runtimeHoldsState = true; }

    /** The runtime's resources of a stopped container were freed: removal need not ask again. */
    public synchronized void markRuntimeReleased() { runtimeHoldsState = false; }

    public synchronized boolean runtimeHoldsState() { return runtimeHoldsState; }

    public synchronized void markPaused(boolean paused) {
        status = paused ? ContainerStatus.PAUSED : ContainerStatus.RUNNING;
    }

    /** Records an exit; false if the container was not active (a duplicate report). */
    public synchronized boolean markExited(int code, Instant at) {
        return markExited(code, at, false);
    }

    /**
     * Records an exit; with {@code restartPending} the container is RESTARTING (still active: waits go on) until
     * the restart policy starts it again or gives up. False if the container was not running (a duplicate report).
     */
    public synchronized boolean markExited(int code, Instant at, boolean restartPending) {
        if (!status.isActive() || status == ContainerStatus.RESTARTING) {
            return false;
        }
        status = restartPending ? ContainerStatus.RESTARTING : ContainerStatus.EXITED;
        exitCode = code;
        finishedAt = at;
        pid = 0;
        if (health != null) {
            health = new HealthState(HealthState.UNHEALTHY, health.failingStreak(), health.log());
        }
        notifyAll();
        return true;
    }

    /** A pending restart is called off (stop, a failed start): the container is exited. */
    public synchronized boolean cancelRestart(String reason) {
        if (status != ContainerStatus.RESTARTING) {
            return false;
        }
        status = ContainerStatus.EXITED;
        if (reason != null) {
            error = reason;
        }
        notifyAll();
        return true;
    }

    /** A start that failed: back to the status it had, with the reason. */
    public synchronized void markStartFailed(ContainerStatus previous, String reason) {
        status = previous == ContainerStatus.RESTARTING ? ContainerStatus.EXITED : previous;
        error = reason;
        pid = 0;
        notifyAll();
    }

    public synchronized void markManuallyStopped() { manuallyStopped = true; }

    public synchronized void markRemoved() {
        removed = true;
        notifyAll();
    }

    /** The removal failed before anything was lost: the container is back. */
    public synchronized void markRemovalFailed() { removed = false; }

    /** Orders the writes of this record's config.v2.json (the snapshot is taken under it). */
    public Object saveLock() { return saveLock; }

    /** Waits until the container is neither running nor starting; false on timeout. */
    public synchronized boolean awaitNotActive(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (status.isActive() && !removed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public synchronized StoredContainer toStored() {
        return new StoredContainer(id, name, Times.format(created), args.isEmpty() ? null : args.get(0),
                args.size() > 1 ? args.subList(1, args.size()) : List.of(), config, image, imageType,
                bundleDir.resolve("hostname").toString(), bundleDir.resolve("hosts").toString(),
                bundleDir.resolve("resolv.conf").toString(), logPath().toString(), baseFs,
                new StoredState(status.isulaName(), status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED,
                        status == ContainerStatus.PAUSED, status == ContainerStatus.RESTARTING,
                        status == ContainerStatus.STARTING, false, oomKilled, pid, exitCode, error,
                        Times.format(startedAt), Times.format(finishedAt), restartCount, manuallyStopped, removed,
                        health),
                mountPoints.isEmpty() ? null : mountPoints);
    }

    /** Rebuilds a record from config.v2.json and hostconfig.json. */
    public static ContainerRecord fromStored(StoredContainer s, HostConfig hostConfig, String runtime, Path bundleDir,
                                             Path stateDir) {
        List<String> args = new java.util.ArrayList<>();
        if (s.path() != null) {
            args.add(s.path());
        }
        if (s.args() != null) {
            args.addAll(s.args());
        }
        ContainerRecord r = new ContainerRecord(s.id(), s.name(), Times.parse(s.created()), runtime, s.imageType(),
                s.image(), s.config(), hostConfig, args, bundleDir, stateDir, s.baseFs(), s.mountPoints());
        StoredState st = s.state();
        if (st != null) {
            r.status = st.containerStatus();
            // a container that ever got past its creation may have state in its runtime still: ask at removal
            r.runtimeHoldsState = r.status != ContainerStatus.INITED;
            r.pid = st.pid();
            r.exitCode = st.exitCode();
            r.error = st.error() == null ? "" : st.error();
            r.startedAt = Times.parse(st.startedAt());
            r.finishedAt = Times.parse(st.finishedAt());
            r.restartCount = st.restartCount();
            r.manuallyStopped = st.manuallyStopped();
            r.oomKilled = st.oomKilled();
            r.health = st.health();
            r.failureCount = st.restartCount();
        }
        return r;
    }
}
