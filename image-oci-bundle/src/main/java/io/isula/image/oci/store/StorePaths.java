package io.isula.image.oci.store;

import io.isula.image.oci.model.Digest;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where each thing lives under {@code <graph>/storage} (see docs/storage.md). Names starting with {@code .} in the
 * store's folders are temporary: made there, renamed into place, and removed by recovery when a crash leaves them.
 */
public record StorePaths(Path root) {
    public static final String TEMP_PREFIX = ".tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    public StorePaths {
        root = root.toAbsolutePath().normalize();
    }

    public Path blobRoot() {
        return root.resolve("blobs");
    }

    public Path blob(Digest digest) {
        return blobRoot().resolve(digest.algorithm()).resolve(digest.hex());
    }

    public Path ingest() {
        return root.resolve("ingest");
    }

    public Path ingestFile(Digest digest) {
        return ingest().resolve(digest.algorithm() + "-" + digest.hex() + ".partial");
    }

    public Path overlay() {
        return root.resolve("overlay");
    }

    /** {@code overlay/l}: short symlinks to each layer's diff directory, so that long lower chains fit in a mount call. */
    public Path links() {
        return overlay().resolve("l");
    }

    public Path layerDir(String layerId) {
        return overlay().resolve(layerId);
    }

    public Path layerDiff(String layerId) {
        return layerDir(layerId).resolve("diff");
    }

    public Path layerMetaRoot() {
        return root.resolve("overlay-layers");
    }

    public Path layerJson(String layerId) {
        return layerMetaRoot().resolve(layerId).resolve("layer.json");
    }

    public Path imageRoot() {
        return root.resolve("overlay-images");
    }

    public Path imageJson(String imageId) {
        return imageRoot().resolve(imageId).resolve("images.json");
    }

    public Path containerRoot() {
        return root.resolve("overlay-containers");
    }

    public Path containerDir(String containerId) {
        return containerRoot().resolve(containerId);
    }

    public Path containerJson(String containerId) {
        return containerDir(containerId).resolve("container.json");
    }

    /** Scratch space (decompressed archives); emptied at every start. */
    public Path scratch() {
        return root.resolve("tmp");
    }

    /** A fresh temporary name in {@code parent}, for something that is renamed into place once complete. */
    public static Path tempIn(Path parent, String purpose) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return parent.resolve(TEMP_PREFIX + purpose + "-" + HexFormat.of().formatHex(b));
    }

    public static boolean isTemporary(Path entry) {
        return entry.getFileName().toString().startsWith(".");
    }
}
