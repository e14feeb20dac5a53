package io.isula.image.oci.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes a directory tree (a container's mounted rootfs) as an uncompressed tar, as {@code tar -C root -c .} would. */
public interface TreeArchiver {
    void write(Path root, OutputStream out) throws IOException;
}
