package io.isula.core.spi;

import java.nio.file.Path;

/** Runtime create parameters beyond the bundle: the mounted rootfs, terminal and stdin, and the log's policy. */
public record CreateOptions(Path rootfs, boolean terminal, boolean openStdin, ContainerLog log) {
    public CreateOptions {
        log = log == null ? ContainerLog.unlimited() : log;
    }

    public CreateOptions(Path rootfs, boolean terminal, boolean openStdin) {
        this(rootfs, terminal, openStdin, null);
    }
}
