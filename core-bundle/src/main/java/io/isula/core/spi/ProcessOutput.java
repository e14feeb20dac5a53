package io.isula.core.spi;

import io.isula.core.api.LogEntry;

/**
 * The kernel's side of a runtime's stdio connection: what the process writes, then the end. A runtime calls it
 * from one thread at a time.
 */
public interface ProcessOutput {
    void output(LogEntry.Stream stream, byte[] data, int offset, int length);

    /** The connection ended: no more output (the process exited, or the connection was closed). */
    void closed();

    /** An exec'd process exited with {@code exitCode} (-1: unknown). Not called for a container's own process. */
    default void exited(int exitCode) {
    }
}
