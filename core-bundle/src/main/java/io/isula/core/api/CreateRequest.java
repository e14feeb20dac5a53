package io.isula.core.api;

/** Create a container named {@code name} (null: the engine picks one) from {@code config}. */
public record CreateRequest(String name, ContainerConfig config) {
    public HostConfig hostConfig() {
        return config.hostConfig() == null ? HostConfig.empty() : config.hostConfig();
    }
}
