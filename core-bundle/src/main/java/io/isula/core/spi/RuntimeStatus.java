package io.isula.core.spi;

import io.isula.core.api.ContainerStatus;

import java.time.Instant;

/** What a runtime knows of a container: status, init pid, and the exit code once it stopped (else -1). */
public record RuntimeStatus(ContainerStatus status, int pid, int exitCode, Instant exitedAt) {
    public static RuntimeStatus gone() { return new RuntimeStatus(ContainerStatus.UNKNOWN, 0, -1, null); }
}
