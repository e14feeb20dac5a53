package io.isula.core.spi;

import java.nio.file.Path;

/** Runtime create parameters beyond the bundle: the mounted rootfs, terminal and stdin. */
public record CreateOptions(Path rootfs, boolean terminal, boolean openStdin) {
}
