package io.isula.itest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI image layout (image-spec "image-layout"): {@code oci-layout}, {@code blobs/sha256/HEX} and
 * {@code index.json}, whose entries name images or indexes with the {@code org.opencontainers.image.ref.name}
 * annotation. Opening an existing layout keeps its index.json entries, so one layout can hold several images.
 */
public final class OciLayout {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String MEDIA_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** The {@code created} time of every config and history entry: images are reproducible. */
    public static final String CREATED = "2024-01-01T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, Descriptor> tagged = new LinkedHashMap<>();

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** Creates the layout in {@code dir} (made if missing) or opens the one there. */
    public static OciLayout open(Path dir) {
        OciLayout l = new OciLayout(dir);
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Path marker = dir.resolve("oci-layout");
            if (!Files.exists(marker)) Files.writeString(marker, "{\"imageLayoutVersion\":\"1.0.0\"}");
            Path index = dir.resolve("index.json");
            if (Files.exists(index)) {
                for (JsonNode m : JSON.readTree(index.toFile()).path("manifests")) {
                    String ref = m.path("annotations").path(REF_NAME).asText(null);
                    if (ref != null) l.tagged.put(ref, new Descriptor(m.path("mediaType").asText(), m.path("digest").asText(),
                            m.path("size").asLong(), null, Map.of(REF_NAME, ref)));
                }
            } else {
                l.writeIndexJson();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot open the OCI layout " + dir + ": " + e, e);
        }
        return l;
    }

    public Path dir() {
        return dir;
    }

    /** {@code blobs/sha256/HEX} for {@code sha256:HEX}. */
    public Path blob(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) throw new IllegalArgumentException("not a sha256 digest: " + digest);
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    public byte[] readBlob(String digest) {
        try {
            return Files.readAllBytes(blob(digest));
        } catch (IOException e) {
            throw new AssertionError("cannot read blob " + digest + " of " + dir + ": " + e, e);
        }
    }

    /** Stores {@code content} under its digest. */
    public Descriptor writeBlob(String mediaType, byte[] content) {
        String digest = sha256(content);
        try {
            Path target = blob(digest);
            if (!Files.exists(target)) {
                Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
                Files.write(tmp, content);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write blob " + digest + " to " + dir + ": " + e, e);
        }
        return new Descriptor(mediaType, digest, content.length);
    }

    public Layer writeLayer(LayerTar tar, Compression compression) {
        byte[] plain = tar.toTar();
        Descriptor blob = writeBlob(compression.mediaType(), compression.compress(plain));
        return new Layer(blob, sha256(plain), compression);
    }

    /** Writes the config and the manifest of an image made of {@code layers} (bottom first); names it nowhere. */
    public OciImage writeImage(ImageConfig config, List<Layer> layers) {
        Descriptor cfg = writeBlob(MEDIA_CONFIG, json(configJson(config, layers)));
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MEDIA_MANIFEST);
        m.set("config", descriptorJson(cfg));
        ArrayNode ls = m.putArray("layers");
        layers.forEach(l -> ls.add(descriptorJson(l.blob())));
        Descriptor manifest = writeBlob(MEDIA_MANIFEST, json(m)).withPlatform(config.platform());
        return new OciImage(dir, null, manifest, cfg, layers, config);
    }

    /** Writes an image index listing {@code images} with their platforms; names it nowhere. */
    public Descriptor writeIndex(List<OciImage> images) {
        ObjectNode idx = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MEDIA_INDEX);
        ArrayNode ms = idx.putArray("manifests");
        images.forEach(i -> ms.add(descriptorJson(i.manifest().withPlatform(i.imageConfig().platform()))));
        return writeBlob(MEDIA_INDEX, json(idx));
    }

    /** Names {@code target} (a manifest or an index) {@code refName} in index.json, replacing an entry of that name. */
    public void tag(Descriptor target, String refName) {
        tagged.put(refName, new Descriptor(target.mediaType(), target.digest(), target.size(), null, Map.of(REF_NAME, refName)));
        try {
            writeIndexJson();
        } catch (IOException e) {
            throw new AssertionError("cannot write " + dir + "/index.json: " + e, e);
        }
    }

    public OciImage tag(OciImage image, String refName) {
        tag(image.manifest(), refName);
        return image.withRefName(refName);
    }

    /** The named entries of index.json. */
    public Map<String, Descriptor> tagged() {
        return Map.copyOf(tagged);
    }

    private void writeIndexJson() throws IOException {
        ObjectNode idx = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MEDIA_INDEX);
        ArrayNode ms = idx.putArray("manifests");
        tagged.values().forEach(d -> ms.add(descriptorJson(d)));
        Path tmp = Files.createTempFile(dir, ".index-", ".json");
        Files.write(tmp, json(idx));
        Files.move(tmp, dir.resolve("index.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static ObjectNode configJson(ImageConfig c, List<Layer> layers) {
        ObjectNode root = JSON.createObjectNode().put("created", CREATED).put("architecture", c.platform().architecture())
                .put("os", c.platform().os());
        if (c.platform().variant() != null) root.put("variant", c.platform().variant());
        ObjectNode cfg = root.putObject("config");
        if (c.user() != null) cfg.put("User", c.user());
        if (!c.env().isEmpty()) c.env().forEach(cfg.putArray("Env")::add);
        if (c.entrypoint() != null) c.entrypoint().forEach(cfg.putArray("Entrypoint")::add);
        if (c.cmd() != null) c.cmd().forEach(cfg.putArray("Cmd")::add);
        if (c.workingDir() != null) cfg.put("WorkingDir", c.workingDir());
        if (!c.labels().isEmpty()) {
            ObjectNode labels = cfg.putObject("Labels");
            c.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> labels.put(e.getKey(), e.getValue()));
        }
        if (c.stopSignal() != null) cfg.put("StopSignal", c.stopSignal());
        ObjectNode rootfs = root.putObject("rootfs").put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = root.putArray("history");
        for (int i = 0; i < layers.size(); i++) {
            diffIds.add(layers.get(i).diffId());
            history.addObject().put("created", CREATED).put("created_by", "isula test fixture: layer " + (i + 1));
        }
        return root;
    }

    private static ObjectNode descriptorJson(Descriptor d) {
        ObjectNode n = JSON.createObjectNode().put("mediaType", d.mediaType()).put("digest", d.digest()).put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            d.annotations().forEach(a::put);
        }
        if (d.platform() != null) {
            ObjectNode p = n.putObject("platform").put("architecture", d.platform().architecture()).put("os", d.platform().os());
            if (d.platform().variant() != null) p.put("variant", d.platform().variant());
        }
        return n;
    }

    private static byte[] json(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code sha256:HEX} of {@code data}. */
    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return "OCI layout " + dir + " " + new ArrayList<>(tagged.keySet());
    }
}
