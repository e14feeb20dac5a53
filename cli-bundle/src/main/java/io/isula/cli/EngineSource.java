package io.isula.cli;

import io.isula.core.api.ContainerEngine;

/** Gives the commands their engine: the daemon named by {@code -H} over HTTP, or the in-process one. */
@FunctionalInterface
public interface EngineSource {
    /** {@code host} is the subcommand's {@code -H} value or null. */
    ContainerEngine engine(String host);
}
