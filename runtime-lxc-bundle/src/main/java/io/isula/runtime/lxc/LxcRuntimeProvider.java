package io.isula.runtime.lxc;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.ResourceUsage;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * iSulad's {@code lcr} runtime (alias {@code lxc}) on upstream liblxc: the OCI spec becomes an lxc config,
 * {@code lxc-execute} runs the container under a conmon of its own (stdio, CRI log, attach, exit code), and liblxc
 * through JNA answers state and controls the running container. Containers outlive this object and the daemon.
 */
@Component(service = RuntimeProvider.class, property = {"isula.runtime.name=lcr", "isula.runtime.name=lxc"})
public final class LxcRuntimeProvider implements RuntimeProvider, AutoCloseable {
    static final String NAME = "lcr";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> NAMES = Set.of(NAME, "lxc");

    private volatile LxcContainers containers;
    private volatile Executables tools = Executables.fromPath();

    public LxcRuntimeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> names() {
        return NAMES;
    }

    @Override
    public String path(String runtimeName) {
        return tools.lxcExecute();
    }

    @Override
    public synchronized void init(ProviderContext context) {
        tools = Executables.fromPath();
        LxcContainers fresh;
        try {
            fresh = new LxcContainers(LcrLayout.under(context.settings().state()), context, tools, CALL_TIMEOUT);
        } catch (IOException | UnsatisfiedLinkError e) {
            throw EngineException.internal("runtime lcr cannot start: " + e.getMessage(), e);
        }
        LxcContainers old = containers;
        containers = fresh;
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void create(ContainerHandle container, CreateOptions options) {
        active().create(container, options);
    }

    @Override
    public int start(ContainerHandle container) {
        return active().start(container);
    }

    @Override
    public void kill(ContainerHandle container, int signal) {
        active().kill(container, signal);
    }

    @Override
    public void delete(ContainerHandle container, boolean force) {
        active().delete(container, force);
    }

    @Override
    public RuntimeStatus state(ContainerHandle container) {
        return active().state(container);
    }

    @Override
    public RuntimeStatus restore(ContainerHandle container) {
        return active().restore(container);
    }

    @Override
    public void pause(ContainerHandle container) {
        active().pause(container);
    }

    @Override
    public void resume(ContainerHandle container) {
        active().resume(container);
    }

    @Override
    public List<Integer> pids(ContainerHandle container) {
        return active().pids(container);
    }

    @Override
    public void update(ContainerHandle container, ResourceUpdate resources) {
        active().update(container, resources);
    }

    @Override
    public ProcessStdio exec(ContainerHandle container, ExecSpec spec, ProcessOutput output) {
        return active().exec(container, spec, output);
    }

    @Override
    public ProcessStdio attach(ContainerHandle container, ProcessOutput output) {
        return active().attach(container, output);
    }

    @Override
    public ResourceUsage stats(ContainerHandle container) {
        return active().stats(container);
    }

    /** Stops watching for exits; the containers, their lxc monitors and conmons keep running. */
    @Deactivate
    @Override
    public synchronized void close() {
        LxcContainers c = containers;
        containers = null;
        if (c != null) {
            c.close();
        }
    }

    private LxcContainers active() {
        LxcContainers c = containers;
        if (c == null) {
            throw EngineException.unavailable("runtime lcr is not initialised (init was not called)");
        }
        return c;
    }
}
