package io.isula.image.oci.registry;

import java.time.Clock;
import java.time.Duration;

/**
 * Limits and clocks of a {@link RegistryClient}.
 *
 * @param connectTimeout   to open a connection
 * @param responseTimeout  from a request to its response headers
 * @param stallTimeout     a body that delivers no byte for this long is abandoned
 * @param maxManifestBytes a manifest or index larger than this is refused
 * @param clock            for token expiry
 */
public record RegistryOptions(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout,
                              int maxManifestBytes, Clock clock) {
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    public static RegistryOptions defaults() {
        return new RegistryOptions(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60),
                DEFAULT_MAX_MANIFEST_BYTES, Clock.systemUTC());
    }

    public RegistryOptions withTimeouts(Duration connect, Duration response, Duration stall) {
        return new RegistryOptions(connect, response, stall, maxManifestBytes, clock);
    }

    public RegistryOptions withClock(Clock newClock) {
        return new RegistryOptions(connectTimeout, responseTimeout, stallTimeout, maxManifestBytes, newClock);
    }
}
