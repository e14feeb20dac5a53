package io.isula.image.oci.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.core.api.EngineException;
import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageConfigFile;
import io.isula.image.oci.model.ImageIndex;
import io.isula.image.oci.model.ImageManifest;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.store.ImageNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI image layout in a tar ({@code skopeo copy … oci-archive:}, {@code podman save --format oci-archive}):
 * {@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}. Every blob is checked against its descriptor.
 * Names come from the annotation {@code org.opencontainers.image.ref.name}; one that is only a tag ({@code latest})
 * takes its repository from {@code io.containerd.image.name}, or needs {@code --tag}.
 */
final class OciLayout {
    static final String INDEX = "index.json";
    static final String LAYOUT = "oci-layout";
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private OciLayout() {
    }

    static List<ArchiveImage> read(ArchiveFile archive) throws IOException {
        if (!archive.has(LAYOUT)) {
            throw new ArchiveException(INDEX + " without " + LAYOUT + ": not an OCI image layout");
        }
        JsonNode layout;
        try {
            layout = OciJson.mapper().readTree(archive.read(LAYOUT, LAYOUT, 1 << 16));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ArchiveException(LAYOUT + " is not valid JSON: " + DockerArchive.firstLine(e.getOriginalMessage()));
        }
        if (layout == null || !layout.path("imageLayoutVersion").isTextual()) {
            throw new ArchiveException(LAYOUT + " has no imageLayoutVersion");
        }
        ImageIndex index = parse(archive.read(INDEX, INDEX, DockerArchive.MAX_JSON), ImageIndex.class, INDEX);
        if (index.manifests().isEmpty()) {
            throw new ArchiveException(INDEX + " lists no image");
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (int i = 0; i < index.manifests().size(); i++) {
            images.add(image(archive, index.manifests().get(i), "image " + (i + 1) + " of " + INDEX));
        }
        return images;
    }

    private static ArchiveImage image(ArchiveFile archive, Descriptor entry, String label) throws IOException {
        Descriptor manifestRef = entry;
        if (entry.mediaType() != null && MediaTypes.INDEXES.contains(entry.mediaType())) {
            ImageIndex nested = parse(blob(archive, entry, label + ": index"), ImageIndex.class, label + ": index");
            Platform host = Platform.host();
            manifestRef = nested.select(host).orElseThrow(() ->
                    new ArchiveException(label + ": no image for " + host + " in index " + entry.digest()));
        } else if (entry.mediaType() != null && !MediaTypes.MANIFESTS.contains(entry.mediaType())) {
            throw new ArchiveException(label + ": unsupported media type " + entry.mediaType());
        }
        byte[] manifestBytes = blob(archive, manifestRef, label + ": manifest");
        ImageManifest manifest = parse(manifestBytes, ImageManifest.class, label + ": manifest");
        byte[] config = blob(archive, manifest.config(), label + ": config");
        ImageConfigFile parsed = parse(config, ImageConfigFile.class, label + ": config");
        List<Digest> diffIds = parsed.diffIds();
        if (manifest.layers().size() != diffIds.size()) {
            throw new ArchiveException(label + ": the manifest has " + manifest.layers().size()
                    + " layers but the config has " + diffIds.size() + " diff ids");
        }
        List<ArchiveImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor d = manifest.layers().get(i);
            if (d.mediaType() != null && !MediaTypes.LAYERS.contains(d.mediaType())) {
                throw new ArchiveException(label + ": layer " + d.digest() + " has unsupported media type " + d.mediaType());
            }
            String name = blobName(d.digest());
            TarArchiveEntry e = archive.file(name, label + ": layer");
            if (e.getSize() != d.size()) {
                throw new ArchiveException(label + ": layer " + d.digest() + " has " + e.getSize()
                        + " bytes, its descriptor says " + d.size());
            }
            layers.add(new ArchiveImage.Layer(name, diffIds.get(i), d.digest(), d.size()));
        }
        Map<String, String> annotations = entry.annotations() == null ? Map.of() : entry.annotations();
        List<String> names = new ArrayList<>();
        String problem = null;
        String refName = annotations.get(REF_NAME);
        String containerdName = annotations.get(CONTAINERD_NAME);
        try {
            if (refName != null && (refName.contains(":") || refName.contains("/"))) {
                names.add(ImageNames.tagged(refName));
            } else if (containerdName != null) {
                names.add(ImageNames.tagged(containerdName));
            } else if (refName != null) {
                problem = label + " is named only by the tag \"" + refName + "\": give it a name with --tag";
            }
        } catch (EngineException e) {
            throw new ArchiveException(label + ": bad image name: " + e.getMessage());
        }
        return new ArchiveImage(label, config, parsed, layers, names, problem, manifestBytes, manifestRef.digest());
    }

    /** A blob's bytes, checked against its descriptor's size and digest. */
    private static byte[] blob(ArchiveFile archive, Descriptor d, String what) throws IOException {
        if (d.size() > DockerArchive.MAX_JSON) {
            throw new ArchiveException(what + " " + d.digest() + " is too large (" + d.size() + " bytes)");
        }
        byte[] content = archive.read(blobName(d.digest()), what, DockerArchive.MAX_JSON);
        if (content.length != d.size()) {
            throw new ArchiveException(what + " " + d.digest() + " has " + content.length + " bytes, its descriptor says "
                    + d.size());
        }
        Digest actual = BlobDigests.of(d.digest(), content);
        if (!actual.equals(d.digest())) {
            throw new ArchiveException(what + " does not match its digest " + d.digest() + " (content is " + actual + ")");
        }
        return content;
    }

    static String blobName(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    private static <T> T parse(byte[] json, Class<T> type, String what) throws ArchiveException {
        try {
            return OciJson.read(json, type, what);
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(e.getMessage());
        }
    }
}
