package io.isula.cli;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageEngine;

/** Gives the commands their engine: the daemon named by {@code -H} over HTTP, or the in-process one. */
@FunctionalInterface
public interface EngineSource {
    /** {@code host} is the subcommand's {@code -H} value or null. */
    ContainerEngine engine(String host);

    /** The image use cases of the same daemon; the in-process engine serves both. */
    default ImageEngine images(String host) {
        ContainerEngine engine = engine(host);
        if (engine instanceof ImageEngine images) {
            return images;
        }
        throw EngineException.unavailable("this engine has no image store");
    }
}
