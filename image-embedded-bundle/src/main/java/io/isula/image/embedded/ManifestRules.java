package io.isula.image.embedded;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * iSulad's checks of an embedded manifest, in iSulad's order and with its messages: the layer count, schema
 * version, media type, image name, creation time, then each layer (size, media type, path on the host, digest,
 * path in the container). A layer's file must stay inside the manifest's folder, symbolic links included.
 */
final class ManifestRules {
    static final int MAX_LAYERS = 125;
    private static final String INVALID = "Invalid content in manifest: ";
    private static final Pattern CREATED =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private ManifestRules() {
    }

    /** A layer as checked: its real path on the host. */
    record CheckedLayer(EmbeddedManifest.Layer layer, Path realPath) {
    }

    /** The manifest as checked: its layers' real paths and the image size (the files of layers 1..n). */
    record Checked(EmbeddedManifest manifest, List<CheckedLayer> layers, long size) {
    }

    /** Checks {@code manifest}, read from {@code manifestFile} (a real path); fails with iSulad's message. */
    static Checked check(EmbeddedManifest manifest, Path manifestFile) {
        return check(manifest, manifestFile, true);
    }

    /**
     * As {@link #check(EmbeddedManifest, Path)}; {@code digests} false skips hashing the squashfs files (a container's
     * create checks that the layers are still there and in place, the load checked their content).
     */
    static Checked check(EmbeddedManifest manifest, Path manifestFile, boolean digests) {
        int count = manifest.layers().size();
        if (count < 1 || count > MAX_LAYERS) {
            throw invalid("layer empty or max depth exceeded");
        }
        if (manifest.schemaVersion() != 1) {
            throw invalid("schema version must be 1");
        }
        if (!EmbeddedManifest.MEDIA_TYPE.equals(manifest.mediaType())) {
            throw invalid("manifest's media type must be " + EmbeddedManifest.MEDIA_TYPE);
        }
        checkName(manifest.imageName());
        if (manifest.created() == null || !CREATED.matcher(manifest.created()).matches()) {
            throw invalid("invalid created time");
        }
        Path folder = manifestFile.getParent();
        List<CheckedLayer> layers = new ArrayList<>(count);
        long size = 0;
        for (int i = 0; i < count; i++) {
            EmbeddedManifest.Layer layer = manifest.layers().get(i);
            if (layer == null) {
                throw invalid("parse manifest as a json file failed");
            }
            if (layer.size() < 0) {
                throw invalid("layer's size must not be negative number");
            }
            Path real = i == 0 ? rootfsLayer(layer) : appLayer(layer, folder);
            if (digests) {
                checkDigest(i, layer, real);
            }
            checkPathInContainer(i, layer.pathInContainer());
            layers.add(new CheckedLayer(layer, real));
            if (i > 0) {
                try {
                    size = Math.addExact(size, Files.size(real));
                } catch (IOException e) {
                    throw EngineException.invalid("Calculate layer size failed");
                } catch (ArithmeticException e) {
                    throw EngineException.invalid("The layer size is too large!");
                }
            }
        }
        return new Checked(manifest, List.copyOf(layers), size);
    }

    private static void checkName(String name) {
        if (name == null) {
            throw invalid("image name not exist");
        }
        if (name.equals("none") || name.equals("none:latest")) {
            throw EngineException.invalid(
                    "Image name 'none' or 'none:latest' in manifest is reserved, please use other name");
        }
        if (!EmbeddedName.isValid(name)) {
            throw invalid("invalid image name");
        }
    }

    /** Layer 0: the rootfs, an absolute path: a block device (squashfs type) or exactly {@code /} (directory type). */
    private static Path rootfsLayer(EmbeddedManifest.Layer layer) {
        boolean squashfs = mediaTypeIsSquashfs(layer);
        String host = layer.pathInHost();
        if (host == null || host.isEmpty() || !host.startsWith("/")) {
            throw invalid("first layer path in host must be absolute path");
        }
        if (!squashfs && !host.equals("/")) {
            throw invalid("first layer path in host must be /");
        }
        Path real = realPath(Path.of(host));
        if (squashfs && !BlockDevices.isBlockDevice(real)) {
            throw invalid("layer is not block device");
        }
        if (!squashfs && !Files.isDirectory(real)) {
            throw invalid("layer(except first layer) is not a directory");
        }
        return real;
    }

    /** Layers 1..n: a path relative to the manifest's folder that, links followed, stays inside it. */
    private static Path appLayer(EmbeddedManifest.Layer layer, Path folder) {
        boolean squashfs = mediaTypeIsSquashfs(layer);
        String host = layer.pathInHost();
        if (host == null || host.isEmpty() || host.startsWith("/")) {
            throw invalid("layer path in host(except first layer) must be relative path");
        }
        Path real = realPath(folder.resolve(host));
        if (!real.startsWith(folder)) {
            throw invalid("layer not exists");
        }
        if (squashfs && !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid("layer(except first layer) is not a regular file");
        }
        if (!squashfs && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid("layer(except first layer) is not a directory");
        }
        return real;
    }

    private static boolean mediaTypeIsSquashfs(EmbeddedManifest.Layer layer) {
        if (EmbeddedManifest.Layer.SQUASHFS.equals(layer.mediaType())) {
            return true;
        }
        if (EmbeddedManifest.Layer.DIRECTORY.equals(layer.mediaType())) {
            return false;
        }
        throw invalid("layer's media type must be " + EmbeddedManifest.Layer.SQUASHFS + " or "
                + EmbeddedManifest.Layer.DIRECTORY);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw invalid("layer not exists");
        }
    }

    private static void checkDigest(int index, EmbeddedManifest.Layer layer, Path real) {
        String digest = layer.digest();
        if (digest == null || digest.isEmpty()) {
            return;
        }
        if (index == 0) {
            throw invalid("first layer's digest must be empty");
        }
        if (!layer.isSquashfs()) {
            throw invalid("layer digest must be empty if mediaType is " + EmbeddedManifest.Layer.DIRECTORY);
        }
        if (!DIGEST.matcher(digest).matches() || !digest.equals(FileDigest.sha256(real))) {
            throw invalid("layer(except first layer) has invalid digest");
        }
    }

    private static void checkPathInContainer(int index, String path) {
        if (index == 0) {
            if (path != null && !path.isEmpty()) {
                throw invalid("first layer path in container must be empty");
            }
            return;
        }
        if (path == null || !path.startsWith("/")) {
            throw invalid("layer path in container(except first layer) must be absolute path");
        }
    }

    private static EngineException invalid(String what) {
        return EngineException.invalid(INVALID + what);
    }
}
