package io.isula.image.oci;

import io.isula.core.api.EngineException;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.layer.TreeArchiver;
import io.isula.image.oci.layer.UnpackedLayer;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Placeholder for the safe layer unpacker and tree archiver that live in {@code io.isula.image.oci.layer}
 * once merged: every layer operation fails with a clear message until {@link OciImageProvider#OciImageProvider()}
 * names the real ones. Delete this class then.
 */
final class PendingLayerTools implements LayerUnpacker, TreeArchiver {
    @Override
    public UnpackedLayer unpack(InputStream layer, Path target) {
        throw EngineException.unavailable("layer unpacking is not available in this build of the oci image type");
    }

    @Override
    public void write(Path root, OutputStream out) {
        throw EngineException.unavailable("rootfs export is not available in this build of the oci image type");
    }
}
