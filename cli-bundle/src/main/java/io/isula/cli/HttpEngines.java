package io.isula.cli;

import io.isula.cli.http.DaemonAddress;
import io.isula.cli.http.HttpContainerEngine;
import io.isula.cli.http.HttpImageEngine;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ContainerEngine;

/** Engines for {@code isula}: the daemon at {@code -H}, else at {@code ISULAD_HOST}, else the default socket. */
final class HttpEngines implements EngineSource {
    private final String envHost;

    HttpEngines(String envHost) { this.envHost = envHost; }

    @Override
    public ContainerEngine engine(String host) {
        return new HttpContainerEngine(address(host));
    }

    @Override
    public ImageEngine images(String host) {
        return new HttpImageEngine(address(host));
    }

    private DaemonAddress address(String host) {
        try {
            return DaemonAddress.resolve(host, envHost);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.INVALID, "Error: " + e.getMessage());
        }
    }
}
