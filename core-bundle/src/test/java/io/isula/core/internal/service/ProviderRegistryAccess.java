package io.isula.core.internal.service;

import io.isula.core.spi.RuntimeProvider;

/** Lets a test bind a runtime the way Declarative Services does, after the engine is up. */
final class ProviderRegistryAccess {
    private ProviderRegistryAccess() {
    }

    static void add(ContainerService engine, RuntimeProvider provider) {
        engine.bindRuntimeProvider(provider);
    }
}
