package io.isula.runtime.lxc;

import io.isula.core.api.EngineException;
import io.isula.core.spi.DelegatingRuntimeProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * iSulad's {@code lcr} runtime (alias {@code lxc}) on upstream liblxc: the OCI spec becomes an lxc config,
 * {@code lxc-execute} runs the container under a conmon of its own (stdio, CRI log, attach, exit code), and liblxc
 * through JNA answers state and controls the running container. Containers outlive this object and the daemon.
 */
@Component(service = RuntimeProvider.class, property = {"isula.runtime.name=lcr", "isula.runtime.name=lxc"})
public final class LxcRuntimeProvider extends DelegatingRuntimeProvider implements AutoCloseable {
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

    @Override
    protected RuntimeProvider delegate() {
        LxcContainers c = containers;
        if (c == null) {
            throw EngineException.unavailable("runtime lcr is not initialised (init was not called)");
        }
        return c;
    }
}
