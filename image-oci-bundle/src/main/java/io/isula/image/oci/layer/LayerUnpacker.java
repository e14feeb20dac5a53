package io.isula.image.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Unpacks one image layer (a tar stream, plain, gzip or zstd: detected from its first bytes) into a
 * directory, turning whiteouts into overlayfs's form. Nothing is ever written outside {@code target}.
 */
public interface LayerUnpacker {
    /**
     * @param layer  the layer as stored (compressed or not); read to its end
     * @param target an existing, empty directory
     * @return the digest of the uncompressed tar (the layer's diff id) and the bytes of content unpacked
     * @throws LayerException when the layer is not a valid tar or holds an entry that would escape {@code target}
     * @throws IOException     when {@code layer} itself fails (rethrown as it came) or the file system does;
     *                         after any exception {@code target} may hold part of the layer and the caller
     *                         deletes it (nothing is ever created outside it)
     */
    UnpackedLayer unpack(InputStream layer, Path target) throws IOException;
}
