package io.isula.image.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageSummary;
import io.isula.core.spi.ImageConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading manifests: every rule of iSulad's checks with a manifest that breaks it, and what a good one stores. */
class EmbeddedLoadTest {
    @TempDir
    Path tmp;
    private Path graph;
    private EmbeddedImageProvider provider;
    private ManifestFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        graph = tmp.resolve("graph");
        provider = new EmbeddedImageProvider();
        provider.open(graph);
        fixture = new ManifestFixture(tmp.resolve("img"));
    }

    @Test
    void goodManifestIsStoredUnderItsDigestAndSurvivesAReopen() throws IOException {
        Path manifest = fixture.write();
        assertEquals(List.of("test:v1"), provider.load(manifest, null, u -> { }));
        String id = FileDigest.sha256(manifest);
        assertEquals(id, provider.imageId("test:v1").orElseThrow());
        assertTrue(Files.isRegularFile(graph.resolve("images").resolve(id.substring(7) + ".json")));

        EmbeddedImageProvider reopened = new EmbeddedImageProvider();
        reopened.open(graph);
        List<ImageSummary> images = reopened.list();
        assertEquals(1, images.size());
        ImageSummary s = images.get(0);
        assertEquals(id, s.id());
        assertEquals(List.of("test:v1"), s.repoTags());
        assertEquals(Files.size(fixture.folder.resolve("platform.img")) + Files.size(fixture.folder.resolve("app.img")), s.size(),
                "the size is the files of layers 1..n");
        assertEquals(1609459200L, s.created());
        assertEquals("embedded", s.imageType());
        assertTrue(reopened.detect("test:v1"));
        assertFalse(reopened.detect("test"), "an embedded name needs its tag");
        assertEquals("test:v1", reopened.inspect("test:v1").manifest().get("imageName"));
    }

    @Test
    void sameManifestAgainSucceedsAnotherUnderTheSameNameConflicts() throws IOException {
        Path manifest = fixture.write();
        provider.load(manifest, null, u -> { });
        provider.load(manifest, null, u -> { });
        assertEquals(1, provider.list().size());

        ManifestFixture other = new ManifestFixture(tmp.resolve("img2"));
        other.tree.put("created", "2022-02-02T00:00:00Z");
        EngineException e = assertThrows(EngineException.class, () -> provider.load(other.write(), null, u -> { }));
        assertEquals("Image name is conflicted in the database", e.getMessage());

        // the same content in another folder is another manifest (iSulad keys on digest and path)
        ManifestFixture copy = new ManifestFixture(tmp.resolve("img3"));
        e = assertThrows(EngineException.class, () -> provider.load(copy.write(), null, u -> { }));
        assertEquals("Image name is conflicted in the database", e.getMessage());
        assertEquals(1, provider.list().size());
    }

    @Test
    void mergeConfigGivesEnvWorkdirAndANonEmptyEntrypoint() throws IOException {
        fixture.tree.with("config").withArray("ENTRYPOINT").add("/bin/ls").add("/home");
        provider.load(fixture.write(), null, u -> { });
        ImageConfig c = provider.mergeConfig("test:v1");
        assertEquals(List.of("c=d e"), c.env());
        assertEquals(List.of("/bin/ls", "/home"), c.entrypoint());
        assertEquals("/home", c.workingDir());
    }

    @Test
    void removeForgetsTheImage() throws IOException {
        provider.load(fixture.write(), null, u -> { });
        provider.remove("test:v1", false);
        assertTrue(provider.list().isEmpty());
        assertFalse(provider.detect("test:v1"));
        assertEquals(0, jsonFiles());
    }

    // ---- every rule, broken ----

    @Test
    void wrongSchemaVersion() throws IOException {
        fixture.tree.put("schemaVersion", 2);
        refused("Invalid content in manifest: schema version must be 1");
        fixture.tree.remove("schemaVersion");
        refused("Invalid content in manifest: schema version must be 1");
    }

    @Test
    void wrongMediaType() throws IOException {
        fixture.tree.put("mediaType", "application/invalid.manifest+json");
        refused("Invalid content in manifest: manifest's media type must be application/embedded.manifest+json");
    }

    @Test
    void nameWithoutTagOrInvalidOrReserved() throws IOException {
        fixture.tree.put("imageName", "test");
        refused("Invalid content in manifest: invalid image name");
        fixture.tree.put("imageName", "k~k:v1");
        refused("Invalid content in manifest: invalid image name");
        fixture.tree.put("imageName", "a".repeat(253) + ":v1");
        refused("Invalid content in manifest: invalid image name");
        fixture.tree.put("imageName", "none:latest");
        refused("Image name 'none' or 'none:latest' in manifest is reserved, please use other name");
        fixture.tree.remove("imageName");
        refused("Invalid content in manifest: image name not exist");
    }

    @Test
    void badCreated() throws IOException {
        for (String bad : List.of("2021-01-01 00:00:00Z", "2021-01-01T00:00:00", "2021-01-01T00:00:00Zabc", "yesterday")) {
            fixture.tree.put("created", bad);
            refused("Invalid content in manifest: invalid created time");
        }
        fixture.tree.put("created", "2021-01-01T08:00:00.123456+08:00");
        provider.load(fixture.write(), null, u -> { });
    }

    @Test
    void zeroAndTooManyLayers() throws IOException {
        ArrayNode layers = fixture.tree.withArray("layers");
        fixture.tree.putArray("layers");
        refused("Invalid content in manifest: layer empty or max depth exceeded");
        ArrayNode many = fixture.tree.putArray("layers");
        many.add(layers.get(0));
        for (int i = 1; i < 126; i++) {
            many.add(ManifestFixture.layer(EmbeddedManifest.Layer.SQUASHFS, 1, "", "app.img", "/l" + i));
        }
        refused("Invalid content in manifest: layer empty or max depth exceeded");
        many.remove(125);
        assertEquals(125, many.size());
        provider.load(fixture.write(), null, u -> { });
    }

    @Test
    void layerZeroMustBeABlockDeviceOrExactlyRoot() throws IOException {
        fixture.layer(0).put("mediaType", EmbeddedManifest.Layer.SQUASHFS).put("pathInHost",
                fixture.folder.resolve("app.img").toString());
        refused("Invalid content in manifest: layer is not block device");
        fixture.layer(0).put("mediaType", EmbeddedManifest.Layer.DIRECTORY).put("pathInHost", "/tmp");
        refused("Invalid content in manifest: first layer path in host must be /");
        fixture.layer(0).put("pathInHost", "dev/loop0");
        refused("Invalid content in manifest: first layer path in host must be absolute path");
        fixture.layer(0).put("pathInHost", "/").put("pathInContainer", "/a");
        refused("Invalid content in manifest: first layer path in container must be empty");
        fixture.layer(0).put("pathInContainer", "").put("digest", "sha256:" + "a".repeat(64));
        refused("Invalid content in manifest: first layer's digest must be empty");
    }

    @Test
    void layerPathEscapingTheFolderThroughDotDot() throws IOException {
        Files.writeString(tmp.resolve("outside.img"), "outside");
        fixture.layer(1).put("pathInHost", "../outside.img").put("digest", "");
        refused("Invalid content in manifest: layer not exists");
    }

    @Test
    void layerPathEscapingTheFolderThroughASymlink() throws IOException {
        Files.writeString(tmp.resolve("outside.img"), "outside");
        Files.createSymbolicLink(fixture.folder.resolve("link.img"), tmp.resolve("outside.img"));
        fixture.layer(1).put("pathInHost", "link.img").put("digest", "");
        refused("Invalid content in manifest: layer not exists");
        Files.createDirectories(fixture.folder.resolve("sub"));
        Files.createSymbolicLink(fixture.folder.resolve("sub/up"), tmp);
        fixture.layer(1).put("pathInHost", "sub/up/outside.img");
        refused("Invalid content in manifest: layer not exists");
    }

    @Test
    void symlinkInsideTheFolderIsFine() throws IOException {
        Files.createDirectories(fixture.folder.resolve("store"));
        Files.move(fixture.folder.resolve("app.img"), fixture.folder.resolve("store/app.img"));
        Files.createSymbolicLink(fixture.folder.resolve("app.img"), Path.of("store/app.img"));
        provider.load(fixture.write(), null, u -> { });
    }

    @Test
    void otherLayerRules() throws IOException {
        fixture.layer(1).put("pathInHost", "/platform.img");
        refused("Invalid content in manifest: layer path in host(except first layer) must be relative path");
        fixture.layer(1).put("pathInHost", "missing.img");
        refused("Invalid content in manifest: layer not exists");
        fixture.layer(1).put("pathInHost", "appdir").put("digest", "");
        refused("Invalid content in manifest: layer(except first layer) is not a regular file");
        fixture.layer(1).put("mediaType", EmbeddedManifest.Layer.DIRECTORY).put("pathInHost", "app.img");
        refused("Invalid content in manifest: layer(except first layer) is not a directory");
        fixture.layer(1).put("pathInHost", "appdir").put("digest", FileDigest.sha256(fixture.folder.resolve("app.img")));
        refused("Invalid content in manifest: layer digest must be empty if mediaType is "
                + "application/bind.image.rootfs.diff.dir");
        fixture.layer(1).put("digest", "").put("pathInContainer", "home");
        refused("Invalid content in manifest: layer path in container(except first layer) must be absolute path");
        fixture.layer(1).put("pathInContainer", "/home").put("mediaType", "application/invalid");
        refused("Invalid content in manifest: layer's media type must be application/squashfs.image.rootfs.diff.img "
                + "or application/bind.image.rootfs.diff.dir");
        fixture.layer(1).put("mediaType", EmbeddedManifest.Layer.DIRECTORY).put("size", -823);
        refused("Invalid content in manifest: layer's size must not be negative number");
        fixture.layer(1).put("size", 0);
        provider.load(fixture.write(), null, u -> { });
    }

    @Test
    void digestMismatchOrMalformed() throws IOException {
        fixture.layer(1).put("digest", FileDigest.sha256(fixture.folder.resolve("app.img")));
        refused("Invalid content in manifest: layer(except first layer) has invalid digest");
        fixture.layer(1).put("digest", "sha256:xyz");
        refused("Invalid content in manifest: layer(except first layer) has invalid digest");
    }

    @Test
    void signatureMissingWithANewlineOrWrong() throws IOException {
        fixture.writeManifestOnly();
        refusedAsIs("Manifest's signature file not exist");
        Path sgn = fixture.folder.resolve("test.sgn");
        Files.writeString(sgn, FileDigest.sha256(fixture.manifest) + "\n");
        refusedAsIs("Invalid manifest: invalid digest");
        Files.writeString(sgn, "sha256:" + "0".repeat(64));
        refusedAsIs("Invalid manifest: invalid digest");
        Files.writeString(sgn, "");
        refusedAsIs("Invalid manifest: invalid digest");
    }

    @Test
    void signatureOfAManifestWithoutExtensionIsNameDotSgn() {
        assertEquals("manifest.sgn", ManifestSignature.fileOf(Path.of("/a/manifest")).getFileName().toString());
        assertEquals("test.sgn", ManifestSignature.fileOf(Path.of("/a/test.manifest")).getFileName().toString());
        assertEquals("a.b.sgn", ManifestSignature.fileOf(Path.of("/x/a.b.c")).getFileName().toString());
    }

    @Test
    void notJsonEmptyMissingOrNotARegularFile() throws IOException {
        Files.writeString(fixture.manifest, "hello\n");
        Files.writeString(fixture.folder.resolve("test.sgn"), FileDigest.sha256(fixture.manifest));
        refusedAsIs("Invalid content in manifest: parse manifest as a json file failed");
        Files.writeString(fixture.manifest, "");
        Files.writeString(fixture.folder.resolve("test.sgn"), FileDigest.sha256(fixture.manifest));
        refusedAsIs("Invalid content in manifest: parse manifest as a json file failed");
        assertEquals("Invalid manifest: manifest not found", assertThrows(EngineException.class,
                () -> provider.load(tmp.resolve("nothing.manifest"), null, u -> { })).getMessage());
        assertEquals("Invalid manifest: manifest is not a regular file", assertThrows(EngineException.class,
                () -> provider.load(fixture.folder, null, u -> { })).getMessage());
    }

    @Test
    void tagIsRefused() throws IOException {
        Path manifest = fixture.write();
        assertEquals("Option --tag can be used only when type is docker", assertThrows(EngineException.class,
                () -> provider.load(manifest, "x:1", u -> { })).getMessage());
    }

    @Test
    void embeddedNames() {
        assertTrue(EmbeddedName.isValid("test:v1"));
        assertTrue(EmbeddedName.isValid("host.example:5000/team/app:1.0-rc_1"));
        assertFalse(EmbeddedName.isValid("test"));
        assertFalse(EmbeddedName.isValid("Test:v1"));
        assertFalse(EmbeddedName.isValid("test:"));
        assertFalse(EmbeddedName.isValid("test:.v1"));
        assertFalse(EmbeddedName.isValid("host:5000/test"));
    }

    /** Writes the manifest with a good signature, loads it, and expects {@code message} with nothing stored. */
    private void refused(String message) throws IOException {
        fixture.write();
        refusedAsIs(message);
    }

    private void refusedAsIs(String message) throws IOException {
        EngineException e = assertThrows(EngineException.class, () -> provider.load(fixture.manifest, null, u -> { }));
        assertEquals(message, e.getMessage());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(provider.list().isEmpty(), "nothing is stored");
        assertEquals(0, jsonFiles());
    }

    private long jsonFiles() throws IOException {
        Path images = graph.resolve("images");
        if (!Files.isDirectory(images)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(images)) {
            return s.count();
        }
    }
}
