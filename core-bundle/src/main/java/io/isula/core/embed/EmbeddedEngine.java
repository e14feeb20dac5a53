package io.isula.core.embed;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.ImageEngine;
import io.isula.core.internal.config.SettingsLoader;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.internal.service.ContainerService;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.RuntimeProvider;

import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The engine without OSGi: the same kernel, its provider tables fed by {@link ServiceLoader} instead of
 * Declarative Services.
 */
public final class EmbeddedEngine implements AutoCloseable {
    private final ContainerService service;

    private EmbeddedEngine(ContainerService service) {
        this.service = service;
    }

    /** Settings from the same properties the launcher sets ({@code isula.graph}, {@code isula.state}, …). */
    public static EmbeddedEngine open(Function<String, String> properties, ClassLoader providers) {
        return open(new SettingsLoader().load(properties), providers);
    }

    public static EmbeddedEngine open(DaemonSettings settings, ClassLoader providers) {
        ProviderRegistry registry = new ProviderRegistry();
        ServiceLoader.load(ImageProvider.class, providers).forEach(registry::addImageProvider);
        ServiceLoader.load(RuntimeProvider.class, providers).forEach(registry::addRuntimeProvider);
        return new EmbeddedEngine(new ContainerService(settings, registry));
    }

    public ContainerEngine engine() {
        return service;
    }

    public ImageEngine images() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
