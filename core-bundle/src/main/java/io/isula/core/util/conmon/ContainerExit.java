package io.isula.core.util.conmon;

import java.time.Instant;

/** How a container's init process ended, as conmon recorded it in the exit file. */
public record ContainerExit(int code, Instant at) {
}
