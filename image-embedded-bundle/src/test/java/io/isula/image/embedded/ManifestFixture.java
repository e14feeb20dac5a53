package io.isula.image.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A manifest folder for tests: two layer files beside a manifest whose layer 0 is the host's {@code /}. */
final class ManifestFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    final Path folder;
    final Path manifest;
    final ObjectNode tree;

    ManifestFixture(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.manifest = folder.resolve("test.manifest");
        Files.writeString(folder.resolve("platform.img"), "platform layer bytes");
        Files.writeString(folder.resolve("app.img"), "application layer bytes, a little longer");
        Files.createDirectories(folder.resolve("appdir"));
        tree = JSON.createObjectNode();
        tree.put("schemaVersion", 1);
        tree.put("mediaType", "application/embedded.manifest+json");
        tree.put("imageName", "test:v1");
        tree.put("created", "2021-01-01T00:00:00Z");
        ObjectNode config = tree.putObject("config");
        config.putArray("ENV").add("c=d e");
        config.putArray("ENTRYPOINT");
        config.put("WORKDIR", "/home");
        ArrayNode layers = tree.putArray("layers");
        layers.add(layer(EmbeddedManifest.Layer.DIRECTORY, 0, "", "/", ""));
        layers.add(layer(EmbeddedManifest.Layer.SQUASHFS, 20, FileDigest.sha256(folder.resolve("platform.img")),
                "platform.img", "/home"));
        layers.add(layer(EmbeddedManifest.Layer.SQUASHFS, 41, "", "app.img", "/home/home"));
    }

    static ObjectNode layer(String mediaType, long size, String digest, String host, String container) {
        ObjectNode l = JSON.createObjectNode();
        l.put("mediaType", mediaType);
        l.put("size", size);
        l.put("digest", digest);
        l.put("pathInHost", host);
        l.put("pathInContainer", container);
        return l;
    }

    ObjectNode layer(int i) {
        return (ObjectNode) tree.withArray("layers").get(i);
    }

    /** Writes the manifest and its correct signature. */
    Path write() throws IOException {
        writeManifestOnly();
        Files.writeString(ManifestSignature.fileOf(manifest), FileDigest.sha256(manifest), StandardCharsets.UTF_8);
        return manifest;
    }

    void writeManifestOnly() throws IOException {
        Files.write(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
    }
}
