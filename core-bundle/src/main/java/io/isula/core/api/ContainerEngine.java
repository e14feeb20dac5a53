package io.isula.core.api;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The container use cases (iSulad's executor layer). Every interface calls these: the daemon API, the
 * Gogo console in-process and, through its HTTP client, the {@code isula} command line. A container is
 * named by {@code ref}: its full id, a unique id prefix, or its name.
 */
public interface ContainerEngine {
    /** Creates a container and returns its full id. */
    String create(CreateRequest request);

    void start(String ref);

    /** Stops: the stop signal, then SIGKILL after {@code timeoutSeconds} (negative: the default, 10 s). */
    void stop(String ref, int timeoutSeconds);

    /** Sends {@code signal} (a name like {@code TERM}/{@code SIGTERM} or a number); null means SIGKILL. */
    void kill(String ref, String signal);

    void remove(String ref, boolean force);

    List<ContainerSummary> list(ListOptions options);

    ContainerDetails inspect(String ref);

    /** Blocks until the container is not running and returns its exit code. */
    int await(String ref);

    /** Streams the container's log to {@code sink}; with follow it returns when the container stops. */
    void logs(String ref, LogOptions options, LogSink sink);

    EngineInfo info();

    VersionInfo version();

    // ---- container configuration (issue 5): lifecycle beyond create/start/stop, resources, volumes ----

    /**
     * Removes the container; with {@code removeVolumes} also its anonymous volumes (named ones stay, as Docker's
     * {@code rm -v}).
     */
    default void remove(String ref, boolean force, boolean removeVolumes) {
        if (removeVolumes) {
            throw unsupported("rm -v");
        }
        remove(ref, force);
    }

    /** Freezes every process of a running container. */
    default void pause(String ref) {
        throw unsupported("pause");
    }

    default void unpause(String ref) {
        throw unsupported("unpause");
    }

    /** Stops (as {@link #stop}) and starts the container again; a stopped container is just started. */
    default void restart(String ref, int timeoutSeconds) {
        stop(ref, timeoutSeconds);
        start(ref);
    }

    default void rename(String ref, String newName) {
        throw unsupported("rename");
    }

    /** Changes the resources (and restart policy) of a container, running or not; returns warnings. */
    default List<String> update(String ref, ContainerUpdate update) {
        throw unsupported("update");
    }

    /**
     * Removes every container that is not running and matches Docker's prune filters ({@code until}, {@code label},
     * {@code label!}).
     */
    default ContainersPruned pruneContainers(Map<String, List<String>> filters) {
        throw unsupported("container prune");
    }

    /** The paths a container changed in its root file system, by path ({@code docker diff}). */
    default List<ContainerChange> changes(String ref) {
        throw unsupported("diff");
    }

    /** What images, containers and volumes take on disk ({@code docker system df}). */
    default DiskUsage diskUsage() {
        throw unsupported("system df");
    }

    default List<Volume> volumes() {
        return volumes(Map.of());
    }

    /** Volumes matching Docker's filters: {@code name} (part of it), {@code driver}, {@code label}, {@code dangling}. */
    default List<Volume> volumes(Map<String, List<String>> filters) {
        throw unsupported("volume ls");
    }

    /** Creates a local volume, or returns the one of that name that is already there (as Docker). */
    default Volume createVolume(VolumeCreate request) {
        throw unsupported("volume create");
    }

    /** Removes a volume no container uses. */
    default void removeVolume(String name) {
        throw unsupported("volume rm");
    }

    /** Removes every volume no container uses, named or anonymous (iSulad's {@code volume prune}); returns their names. */
    default List<String> pruneVolumes() {
        return pruneVolumes(Map.of("all", List.of("true"))).volumesDeleted();
    }

    /**
     * Removes the unused volumes that match Docker's prune filters: {@code all} (false, the default: anonymous volumes
     * only, as Docker's API 1.42 and later), {@code label}, {@code label!}, {@code until}.
     */
    default VolumesPruned pruneVolumes(Map<String, List<String>> filters) {
        throw unsupported("volume prune");
    }

    private static EngineException unsupported(String what) {
        return EngineException.unavailable(what + " is not supported by this engine");
    }

    /** Events from now on (and, with {@code sinceEpochNanos} &gt; 0, the retained ones since then) until closed. */
    AutoCloseable subscribe(long sinceEpochNanos, Consumer<EngineEvent> listener);

    /**
     * Events since {@code sinceEpochNanos} (0: from now on) until {@code untilEpochNanos} (0: no end) to
     * {@code listener}; {@code onEnd} runs once the stream is over (until reached, or the engine went away). Close the
     * result to stop early.
     */
    default AutoCloseable events(long sinceEpochNanos, long untilEpochNanos, Consumer<EngineEvent> listener,
                                 Runnable onEnd) {
        return EventWindow.open(this, sinceEpochNanos, untilEpochNanos, listener, onEnd);
    }

    // ---- talking to running containers (issue 4): exec, attach, resize ----

    /** Prepares a command to run in the running container {@code ref}; returns the exec id. */
    default String execCreate(String ref, ExecConfig config) {
        throw notSupported("exec");
    }

    /**
     * Starts the exec and returns once it runs. With a {@code sink} its output goes there until it exits (the sink is
     * closed after its exit code is known) and the returned stream carries its input; without one (detached) returns
     * null.
     */
    default StdioStream execStart(String execId, StdioSink sink) {
        throw notSupported("exec");
    }

    default ExecDetails execInspect(String execId) {
        throw notSupported("exec");
    }

    default void execResize(String execId, int height, int width) {
        throw notSupported("exec");
    }

    /**
     * Attaches to the stdio of container {@code ref}: from now on (or from its next start, when it is not running) its
     * output goes to {@code sink} until it stops or the returned stream is closed.
     */
    default StdioStream attach(String ref, AttachOptions options, StdioSink sink) {
        throw notSupported("attach");
    }

    /** Resizes the terminal of container {@code ref}. */
    default void resize(String ref, int height, int width) {
        throw notSupported("resize");
    }

    // ---- files (issue 4): Docker's /containers/{id}/archive ----

    /** What {@code path} in container {@code ref} is (a symbolic link is described, not followed). */
    default PathStat statPath(String ref, String path) {
        throw notSupported("cp");
    }

    /**
     * Writes {@code path} of container {@code ref} (recursively) as a tar stream to {@code out}, its members named from
     * the path's last component.
     */
    default void archive(String ref, String path, java.io.OutputStream out) {
        throw notSupported("cp");
    }

    /**
     * Extracts the tar stream {@code tar} into the directory {@code dir} of container {@code ref}. Every file is
     * written whole or not at all; nothing is written outside the container.
     */
    default void extract(String ref, String dir, java.io.InputStream tar) {
        throw notSupported("cp");
    }

    // ---- processes and usage (issue 4) ----

    /** The processes of running container {@code ref} as {@code ps psArgs} (default {@code -ef}) shows them. */
    default ProcessList top(String ref, String psArgs) {
        throw notSupported("top");
    }

    /** One reading of the resource counters of running container {@code ref}. */
    default ContainerStats stats(String ref) {
        throw notSupported("stats");
    }

    private static EngineException notSupported(String what) {
        return EngineException.unavailable(what + " is not supported by this engine");
    }
}
