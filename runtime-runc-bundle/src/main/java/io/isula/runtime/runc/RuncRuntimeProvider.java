package io.isula.runtime.runc;

import io.isula.core.api.EngineException;
import io.isula.core.spi.DelegatingRuntimeProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * runc, and every runc-compatible runtime of daemon.json {@code runtimes}, with one conmon per container. Found as a
 * Declarative Services component in OSGi and through {@link java.util.ServiceLoader} outside; either way it is
 * unusable until the kernel calls {@link #init}. Containers outlive this object: conmon owns them.
 */
@Component(service = RuntimeProvider.class, property = "isula.runtime.name=runc")
public final class RuncRuntimeProvider extends DelegatingRuntimeProvider implements AutoCloseable {
    /** Deadline of every runc call and of conmon's report after create. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> DEFAULT_NAMES = Set.of(RuntimeTable.RUNC);

    private volatile RuncContainers containers;
    /** What {@link #names} answers: the kernel asks on every runtime lookup, so it is computed once per init. */
    private volatile Set<String> names = DEFAULT_NAMES;

    public RuncRuntimeProvider() {
    }

    @Override
    public String name() {
        return RuntimeTable.RUNC;
    }

    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public String path(String runtimeName) {
        RuncContainers c = containers;
        RuntimeLayout rt = c == null ? null : c.runtimes().get(runtimeName);
        return rt == null ? runtimeName : rt.binary();
    }

    @Override
    public synchronized void init(ProviderContext context) {
        RuntimeTable table = RuntimeTable.from(context.settings(), Executables::resolve);
        RuncContainers fresh;
        try {
            fresh = new RuncContainers(table, context, Executables.resolve("conmon"), CALL_TIMEOUT);
        } catch (IOException e) {
            throw EngineException.internal("runtime runc cannot prepare its state folders: " + e.getMessage(), e);
        }
        RuncContainers old = containers;
        containers = fresh;
        names = Collections.unmodifiableSet(new LinkedHashSet<>(table.byName().keySet()));
        if (old != null) {
            old.close();
        }
    }

    /** Stops watching for exits; the containers and their conmons keep running. */
    @Deactivate
    @Override
    public synchronized void close() {
        RuncContainers c = containers;
        containers = null;
        names = DEFAULT_NAMES;
        if (c != null) {
            c.close();
        }
    }

    @Override
    protected RuntimeProvider delegate() {
        RuncContainers c = containers;
        if (c == null) {
            throw EngineException.unavailable("runtime runc is not initialised (init was not called)");
        }
        return c;
    }
}
