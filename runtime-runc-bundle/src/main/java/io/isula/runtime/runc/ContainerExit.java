package io.isula.runtime.runc;

import java.time.Instant;

/** How a container's init process ended, as conmon recorded it in the exit file. */
record ContainerExit(int code, Instant at) {
}
