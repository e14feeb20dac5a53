package io.isula.image.oci.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds docker-archive and OCI layout tarballs for tests, the way docker save, skopeo and podman write them. */
public final class ArchiveBuilder {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final ArrayNode manifest = OciJson.mapper().createArrayNode();
    private final ArrayNode index = OciJson.mapper().createArrayNode();
    private String manifestOverride;

    /** docker save before 25 / skopeo: {@code <config hex>.json}, {@code <n>/layer.tar}. */
    public ArchiveBuilder legacyImage(String marker, List<byte[]> layers, String... tags) {
        byte[] config = TestImages.config(TestImages.diffIds(layers), marker);
        String configName = Digest.sha256(config).hex() + ".json";
        entries.put(configName, config);
        ObjectNode item = manifest.addObject();
        item.put("Config", configName);
        addTags(item, tags);
        ArrayNode names = item.putArray("Layers");
        for (byte[] layer : layers) {
            String dir = Digest.sha256((marker + Digest.sha256(layer)).getBytes(StandardCharsets.UTF_8)).hex();
            entries.put(dir + "/", null);
            entries.put(dir + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            entries.put(dir + "/layer.tar", layer);
            names.add(dir + "/layer.tar");
        }
        return this;
    }

    /** docker save 25+: everything in {@code blobs/sha256/<hex>}, layers optionally gzip-compressed. */
    public ArchiveBuilder blobImage(String marker, List<byte[]> layers, boolean gzip, String... tags) {
        byte[] config = TestImages.config(TestImages.diffIds(layers), marker);
        ObjectNode item = manifest.addObject();
        item.put("Config", blob(config));
        addTags(item, tags);
        ArrayNode names = item.putArray("Layers");
        for (byte[] layer : layers) {
            names.add(blob(gzip ? Tars.gzip(layer) : layer));
        }
        return this;
    }

    /** An OCI image manifest + config + layers, listed in index.json with {@code annotations}. */
    public ArchiveBuilder ociImage(String marker, List<byte[]> layers, boolean gzip, Map<String, String> annotations) {
        ObjectNode descriptor = index.addObject();
        fillManifestDescriptor(descriptor, marker, layers, gzip);
        if (!annotations.isEmpty()) {
            ObjectNode a = descriptor.putObject("annotations");
            annotations.forEach(a::put);
        }
        return this;
    }

    /** An OCI index (in index.json) whose platforms are arm64 and {@code hostArch}, each a different image. */
    public ArchiveBuilder ociMultiPlatform(String marker, List<byte[]> layers, String hostArch, Map<String, String> annotations) {
        ObjectNode nested = OciJson.mapper().createObjectNode();
        nested.put("schemaVersion", 2);
        nested.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode ms = nested.putArray("manifests");
        ObjectNode other = ms.addObject();
        fillManifestDescriptor(other, marker + "-other", layers, false);
        other.putObject("platform").put("architecture", "s390x").put("os", "linux");
        ObjectNode host = ms.addObject();
        fillManifestDescriptor(host, marker, layers, false);
        host.putObject("platform").put("architecture", hostArch).put("os", "linux");
        byte[] nestedBytes = OciJson.write(nested);
        ObjectNode d = index.addObject();
        d.put("mediaType", MediaTypes.OCI_INDEX);
        d.put("digest", blobDigest(nestedBytes).toString());
        d.put("size", nestedBytes.length);
        ObjectNode a = d.putObject("annotations");
        annotations.forEach(a::put);
        return this;
    }

    private void fillManifestDescriptor(ObjectNode descriptor, String marker, List<byte[]> layers, boolean gzip) {
        byte[] config = TestImages.config(TestImages.diffIds(layers), marker);
        ObjectNode m = OciJson.mapper().createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.putObject("config").put("mediaType", MediaTypes.OCI_CONFIG).put("digest", blobDigest(config).toString())
                .put("size", config.length);
        ArrayNode ls = m.putArray("layers");
        for (byte[] layer : layers) {
            byte[] stored = gzip ? Tars.gzip(layer) : layer;
            ls.addObject().put("mediaType", gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER)
                    .put("digest", blobDigest(stored).toString()).put("size", stored.length);
        }
        byte[] manifestBytes = OciJson.write(m);
        descriptor.put("mediaType", MediaTypes.OCI_MANIFEST);
        descriptor.put("digest", blobDigest(manifestBytes).toString());
        descriptor.put("size", manifestBytes.length);
    }

    /** Adds {@code content} under its digest name and returns that name. */
    public String blob(byte[] content) {
        blobDigest(content);
        return "blobs/sha256/" + Digest.sha256(content).hex();
    }

    private Digest blobDigest(byte[] content) {
        entries.put("blobs/", null);
        entries.put("blobs/sha256/", null);
        Digest d = Digest.sha256(content);
        entries.put("blobs/sha256/" + d.hex(), content);
        return d;
    }

    private static void addTags(ObjectNode item, String[] tags) {
        if (tags.length > 0) {
            ArrayNode t = item.putArray("RepoTags");
            for (String tag : tags) {
                t.add(tag);
            }
        }
    }

    public ArchiveBuilder entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    public ArchiveBuilder remove(String name) {
        entries.remove(name);
        return this;
    }

    /** Replaces the generated manifest.json with {@code raw}. */
    public ArchiveBuilder manifestJson(String raw) {
        manifestOverride = raw;
        return this;
    }

    public ArrayNode manifest() {
        return manifest;
    }

    public byte[] build() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        if (!index.isEmpty()) {
            all.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            ObjectNode idx = OciJson.mapper().createObjectNode();
            idx.put("schemaVersion", 2);
            idx.put("mediaType", MediaTypes.OCI_INDEX);
            idx.set("manifests", index);
            all.put("index.json", OciJson.write(idx));
        }
        if (manifestOverride != null) {
            all.put("manifest.json", manifestOverride.getBytes(StandardCharsets.UTF_8));
        } else if (!manifest.isEmpty()) {
            all.put("manifest.json", OciJson.write(manifest));
        }
        all.putAll(entries);
        return Tars.tarBytes(all);
    }

    public Path write(Path file) throws IOException {
        Files.write(file, build());
        return file;
    }
}
