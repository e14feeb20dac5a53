package io.isula.core.spi;

import java.util.List;
import java.util.Set;

/**
 * A container runtime (iSulad {@code struct rt_ops}). Registered with the service property
 * {@code isula.runtime.name}. One provider may serve several runtime names ({@link #names()}; runc also
 * serves every runc-compatible runtime of daemon.json {@code runtimes}). The provider must keep each
 * container alive without the daemon (a monitor process of its own) and report exits through
 * {@link ProviderContext#containerExited}.
 */
public interface RuntimeProvider {
    /** The provider's main name, e.g. {@code runc}. */
    String name();

    /** Every runtime name this provider serves right now. */
    default Set<String> names() {
        return Set.of(name());
    }

    /** Whether this provider runs containers of runtime {@code runtimeName} (iSulad {@code detect}). */
    default boolean detect(String runtimeName) {
        return names().contains(runtimeName);
    }

    /** The executable behind a runtime name, for {@code info}. */
    default String path(String runtimeName) {
        return runtimeName;
    }

    /** Called when the provider joins the engine. */
    default void init(ProviderContext context) {
    }

    /** Creates the container from the bundle's {@code config.json}; its process waits for {@link #start}. */
    void create(ContainerHandle container, CreateOptions options);

    /** Starts the created container and returns the pid of its init process. */
    int start(ContainerHandle container);

    void kill(ContainerHandle container, int signal);

    /** Releases the runtime's resources of a stopped container ({@code force}: also a running one). */
    void delete(ContainerHandle container, boolean force);

    RuntimeStatus state(ContainerHandle container);

    /**
     * After a daemon restart: re-attach to the container (watch its exit again) and report its state; a
     * container that exited meanwhile reports EXITED with its real exit code.
     */
    RuntimeStatus restore(ContainerHandle container);

    default void pause(ContainerHandle container) {
        throw new NotSupported("pause", "runtime", name());
    }

    default void resume(ContainerHandle container) {
        throw new NotSupported("resume", "runtime", name());
    }

    default List<Integer> pids(ContainerHandle container) {
        throw new NotSupported("pids", "runtime", name());
    }

    /** Changes the cgroup limits of a running (or paused) container. */
    default void update(ContainerHandle container, ResourceUpdate resources) {
        throw new NotSupported("update", "runtime", name());
    }

    // ---- talking to running containers (issue 4) ----

    /**
     * Starts {@code spec} in the running container and returns once it runs (with its pid). When
     * {@code spec.attached()}, its output goes to {@code output} from the first byte; either way the runtime reports
     * its exit through {@link ProcessOutput#exited}.
     */
    default ProcessStdio exec(ContainerHandle container, ExecSpec spec, ProcessOutput output) {
        throw new NotSupported("exec", "runtime", name());
    }

    /**
     * Connects to the stdio of the container's own process: its output from now on goes to {@code output}, and the
     * returned connection writes its stdin. Called between {@link #create} and {@link #start} to miss nothing, or
     * while the container runs.
     */
    default ProcessStdio attach(ContainerHandle container, ProcessOutput output) {
        throw new NotSupported("attach", "runtime", name());
    }

    /** Resizes the terminal of the container's own process. */
    default void resize(ContainerHandle container, int height, int width) {
        throw new NotSupported("resize", "runtime", name());
    }

    /** The container's resource counters now. */
    default ResourceUsage stats(ContainerHandle container) {
        throw new NotSupported("stats", "runtime", name());
    }
}
