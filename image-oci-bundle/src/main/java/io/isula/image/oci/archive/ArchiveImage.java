package io.isula.image.oci.archive;

import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageConfigFile;

import java.util.List;

/**
 * One image of an archive, checked and ready to store.
 *
 * @param label          how messages name it ("image 2 of manifest.json")
 * @param config         the config file's bytes (the image id is their sha256)
 * @param layers         its layers, bottom first, one per {@code config.rootfs.diff_ids}
 * @param names          tag references from the archive (stored form)
 * @param nameProblem    why the archive's name cannot be used without {@code --tag}, or null
 * @param manifest       the OCI manifest's bytes, or null (docker-archive)
 * @param manifestDigest its digest, or null
 */
record ArchiveImage(String label, byte[] config, ImageConfigFile parsed, List<Layer> layers, List<String> names,
                    String nameProblem, byte[] manifest, Digest manifestDigest) {

    /**
     * @param entry            the layer's path in the archive
     * @param diffId           what the config says its uncompressed content hashes to
     * @param compressedDigest what the file hashes to, when the archive names it by digest; else null
     */
    record Layer(String entry, Digest diffId, Digest compressedDigest, long size) {
    }
}
