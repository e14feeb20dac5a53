package io.isula.image.oci;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageSummary;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RootfsRequest;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.store.ChainIds;
import io.isula.image.oci.sys.Mounts;
import io.isula.image.oci.testing.ArchiveBuilder;
import io.isula.image.oci.testing.Tars;
import io.isula.image.oci.testing.TarTestArchiver;
import io.isula.image.oci.testing.TarTestUnpacker;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciImageProviderTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;
    private OciImageProvider provider;
    private final byte[] base = Tars.tar(Tars.files("etc/", null, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", "bin/sh", "#!sh"));
    private final byte[] app = Tars.tar(Tars.files("app/run", "run"));

    @BeforeEach
    void init() {
        provider = new OciImageProvider(new TarTestUnpacker(), new TarTestArchiver(), Clock.fixed(NOW, ZoneOffset.UTC));
        provider.init(context(dir.resolve("graph")));
    }

    @AfterEach
    void unmountAll() throws IOException {
        new Mounts().unmountAllUnder(dir);
    }

    private static ProviderContext context(Path graph) {
        DaemonSettings settings = new DaemonSettings(graph, graph.resolveSibling("state"), List.of(), "runc", "info",
                Map.of(), Map.of());
        return new ProviderContext() {
            @Override
            public DaemonSettings settings() {
                return settings;
            }

            @Override
            public void containerExited(String containerId, int exitCode, Instant exitedAt) {
            }
        };
    }

    private String loadBusybox() {
        Path archive;
        try {
            archive = new ArchiveBuilder().legacyImage("bb", List.of(base, app), "busybox:latest").write(dir.resolve("bb.tar"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of("busybox:latest"), provider.load(archive, null, p -> { }));
        return provider.imageId("busybox").orElseThrow();
    }

    @Test
    void theStoreLivesUnderTheGraphAndIsFoundByServiceLoader() {
        assertEquals("oci", provider.type());
        assertTrue(Files.isDirectory(dir.resolve("graph/storage/overlay-images")));
        assertTrue(ServiceLoader.load(io.isula.core.spi.ImageProvider.class).stream()
                .anyMatch(p -> p.type() == OciImageProvider.class));
        OciImageProvider fresh = new OciImageProvider(new TarTestUnpacker(), new TarTestArchiver());
        assertFalse(fresh.detect("busybox"), "nothing is detected before init");
        assertEquals(0, fresh.imageCount());
        EngineException e = assertThrows(EngineException.class, fresh::list);
        assertTrue(e.getMessage().contains("not initialized"), e.getMessage());
    }

    @Test
    void namesResolveAndDetectAsTheKernelAsks() {
        String id = loadBusybox();
        assertTrue(id.startsWith("sha256:"));
        assertEquals("docker.io/library/busybox:latest", provider.resolveName("busybox"));
        assertEquals(id, provider.resolveName(id.substring(7, 17)));
        assertEquals("nothing:here", provider.resolveName("nothing:here"));
        for (String name : List.of("busybox", "busybox:latest", id, id.substring(7), id.substring(7, 13))) {
            assertTrue(provider.detect(provider.resolveName(name)), name);
        }
        for (String name : List.of("busybox:2", "/some/path", "none", "", "UPPER")) {
            assertFalse(provider.detect(provider.resolveName(name)), name);
        }
        assertEquals(1, provider.imageCount());
    }

    @Test
    void listCountsTheLayersOtherImagesHoldTooAsShared() throws Exception {
        loadBusybox();
        assertEquals(0, provider.list().get(0).sharedSize(), "alone, nothing is shared");
        io.isula.image.oci.testing.TestImages.add(provider.store(), "other", List.of(base,
                Tars.tar(Tars.files("other/file", "0123456789"))), "other:1");
        long baseSize = "root:x:0:0::/root:/bin/sh\n".length() + "#!sh".length();
        for (ImageSummary s : provider.list()) {
            assertEquals(baseSize, s.sharedSize(), s.repoTags()::toString);
        }
        long layers = baseSize + "run".length() + "0123456789".length();
        assertEquals(layers, provider.storedLayerBytes(), "the shared layer once");
    }

    @Test
    void historyNamesTheImageOnItsNewestStep() {
        String id = loadBusybox();
        List<io.isula.core.api.ImageHistoryItem> steps = provider.history("busybox");
        assertEquals(List.of(id, "<missing>"), steps.stream().map(io.isula.core.api.ImageHistoryItem::id).toList());
        assertEquals(List.of("busybox:latest"), steps.get(0).tags());
        assertEquals(List.of((long) "run".length(), (long) ("root:x:0:0::/root:/bin/sh\n".length() + "#!sh".length())),
                steps.stream().map(io.isula.core.api.ImageHistoryItem::size).toList());
        assertEquals(EngineException.Kind.NOT_FOUND,
                assertThrows(EngineException.class, () -> provider.history("nothing:here")).kind());
    }

    @Test
    void listAndInspectHaveDockersShape() {
        String id = loadBusybox();
        provider.tag("busybox", "registry.local:5000/team/box:1");
        List<ImageSummary> list = provider.list();
        assertEquals(1, list.size());
        ImageSummary s = list.get(0);
        assertEquals(id, s.id());
        assertEquals(List.of("busybox:latest", "registry.local:5000/team/box:1"), s.repoTags());
        assertEquals(List.of(), s.repoDigests());
        assertEquals(Instant.parse("2024-05-06T07:08:09Z").getEpochSecond(), s.created());
        long size = "root:x:0:0::/root:/bin/sh\n".length() + "#!sh".length() + "run".length();
        assertEquals(size, s.size());
        assertEquals(Map.of("marker", "bb"), s.labels());
        assertEquals("oci", s.imageType());
        assertEquals(0, s.containers());

        ImageDetails d = provider.inspect("registry.local:5000/team/box:1");
        assertEquals(id, d.id());
        assertEquals("2024-05-06T07:08:09.123456789Z", d.created());
        assertEquals("tests", d.author());
        assertEquals("bb", d.comment());
        assertEquals("amd64", d.architecture());
        assertEquals("linux", d.os());
        assertEquals(size, d.size());
        assertEquals(List.of("sha256:" + Digest.sha256(base).hex(), "sha256:" + Digest.sha256(app).hex()), d.rootFs().layers());
        assertEquals("layers", d.rootFs().type());
        assertEquals(ChainIds.chainId(Digest.sha256(base), Digest.sha256(app)).hex(), d.topLayer());
        assertEquals(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "MARKER=bb"), d.config().get("Env"));
        assertEquals("/work", d.config().get("WorkingDir"));
        assertEquals(2, d.history().size());
        assertEquals("layer 1", d.history().get(1).get("created_by"));
        assertEquals(NOW.toString(), d.metadata().lastTagTime());
        String json = new String(OciJson.write(d), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"RootFS\":{\"Type\":\"layers\",\"Layers\":[") && json.contains("\"Config\":{"), json);
        EngineException missing = assertThrows(EngineException.class, () -> provider.inspect("nope"));
        assertEquals(EngineException.Kind.NOT_FOUND, missing.kind());
    }

    @Test
    void theImageConfigIsMergedIntoContainers() {
        loadBusybox();
        ImageConfig c = provider.mergeConfig("busybox");
        assertEquals(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "MARKER=bb"), c.env());
        assertEquals(List.of("/bin/sh", "-c"), c.entrypoint());
        assertEquals(List.of("echo bb"), c.cmd());
        assertEquals("/work", c.workingDir());
        assertEquals("1000:1000", c.user());
        assertEquals(Map.of("marker", "bb"), c.labels());
        assertEquals("SIGINT", c.stopSignal());
        assertEquals(List.of("/data"), c.volumes(), "each VOLUME gets an anonymous volume");
        assertThrows(EngineException.class, () -> provider.mergeConfig("missing"));
    }

    @Test
    void rmiAndTagGoThroughTheStore() {
        String id = loadBusybox();
        provider.tag(id, "copy:1");
        assertEquals(List.of(ImageDeleted.untagged("copy:1")), provider.remove("copy:1", false));
        List<ImageDeleted> out = provider.remove("busybox", false);
        assertEquals(ImageDeleted.deleted(id), out.get(1));
        assertEquals(4, out.size());
        assertEquals(0, provider.imageCount());
        EngineException badTag = assertThrows(EngineException.class, () -> provider.tag("x", "y"));
        assertEquals(EngineException.Kind.NOT_FOUND, badTag.kind());
    }

    @Test
    void importMakesAOneLayerImageWithAGeneratedConfig() throws IOException {
        byte[] rootfs = Tars.tar(Tars.files("bin/", null, "bin/busybox", "binary", "etc/hostname", "imported"));
        Path plain = Files.write(dir.resolve("rootfs.tar"), rootfs);
        String id = provider.importRootfs(plain, "imported:1");
        assertTrue(id.matches("sha256:[a-f0-9]{64}"), id);
        assertEquals(id, provider.imageId("imported:1").orElseThrow());
        ImageDetails d = provider.inspect("imported:1");
        assertEquals(List.of("sha256:" + Digest.sha256(rootfs).hex()), d.rootFs().layers());
        assertEquals(NOW.toString(), d.created());
        assertEquals(Platform.host().architecture(), d.architecture());
        assertEquals("linux", d.os());
        assertEquals("import", d.history().get(0).get("created_by"));
        assertEquals(Map.of(), d.config());

        Path gz = Files.write(dir.resolve("rootfs.tar.gz"), Tars.gzip(rootfs));
        assertEquals(id, provider.importRootfs(gz, "imported:gz"), "same content, same config, same image");
        assertEquals(List.of("imported:1", "imported:gz"), provider.inspect(id).repoTags());
        String untagged = provider.importRootfs(Files.write(dir.resolve("other.tar"), base), null);
        assertEquals(List.of(), provider.inspect(untagged).repoTags());

        EngineException empty = assertThrows(EngineException.class,
                () -> provider.importRootfs(Files.write(dir.resolve("empty.tar"), new byte[0]), "x:1"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, empty.kind());
        byte[] junk = "garbage that is not a tar".repeat(100).getBytes(StandardCharsets.UTF_8);
        EngineException notTar = assertThrows(EngineException.class,
                () -> provider.importRootfs(Files.write(dir.resolve("junk.tar"), junk), "x:1"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, notTar.kind());
        assertTrue(notTar.getMessage().contains("invalid rootfs tarball"), notTar.getMessage());
        assertTrue(provider.imageId("x:1").isEmpty());
        EngineException badName = assertThrows(EngineException.class, () -> provider.importRootfs(plain, "Bad:Name:x"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, badName.kind());
    }

    @Test
    void containerRootfsLifecycleAndExport() throws IOException {
        loadBusybox();
        String cid = "c".repeat(64);
        RootfsRequest request = new RootfsRequest(cid, "busybox", null, null);
        String baseFs = provider.prepareRootfs(request);
        assertEquals(dir.resolve("graph/storage/overlay-containers/" + cid + "/merged").toString(), baseFs);
        RootfsRequest prepared = new RootfsRequest(cid, "busybox", null, baseFs);
        Path merged = provider.mountRootfs(prepared);
        assertEquals(Path.of(baseFs), merged);
        Files.writeString(merged.resolve("etc/hostname"), "box");
        provider.unmountRootfs(prepared);
        assertEquals(1, provider.list().get(0).containers());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.exportRootfs(prepared, out);
        Map<String, String> files = untar(out.toByteArray());
        assertEquals("box", files.get("etc/hostname"));
        assertEquals("run", files.get("app/run"));
        assertEquals("#!sh", files.get("bin/sh"));
        assertFalse(new Mounts().isMounted(merged), "export unmounts what it mounted");

        provider.mountRootfs(prepared);
        provider.exportRootfs(prepared, new ByteArrayOutputStream());
        assertTrue(new Mounts().isMounted(merged), "export leaves a mounted rootfs mounted");

        provider.removeRootfs(prepared);
        assertFalse(Files.exists(merged.getParent()));
        provider.removeRootfs(prepared);

        String orphan = "d".repeat(64);
        provider.prepareRootfs(new RootfsRequest(orphan, "busybox", null, null));
        provider.mountRootfs(new RootfsRequest(orphan, "busybox", null, null));
        provider.removeBrokenRootfs(Set.of());
        assertFalse(Files.exists(dir.resolve("graph/storage/overlay-containers/" + orphan)));

        EngineException noImage = assertThrows(EngineException.class,
                () -> provider.prepareRootfs(new RootfsRequest("e".repeat(64), "nothing", null, null)));
        assertEquals(EngineException.Kind.NOT_FOUND, noImage.kind());
    }

    @Test
    void loadErrorsAndBadRegistryRequestsAreInvalidArguments() throws IOException {
        Path bad = Files.write(dir.resolve("bad.tar"), new byte[0]);
        EngineException e = assertThrows(EngineException.class, () -> provider.load(bad, null, p -> { }));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("invalid archive bad.tar: the file is empty", e.getMessage());
        EngineException badName = assertThrows(EngineException.class, () -> provider.pull("Bad//Name", null, p -> { }));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, badName.kind());
        assertTrue(badName.getMessage().startsWith("invalid reference format"), badName.getMessage());
        EngineException noPassword = assertThrows(EngineException.class,
                () -> provider.login(new io.isula.core.api.RegistryAuth("me", "", "127.0.0.1:1")));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, noPassword.kind());
        provider.logout("never-logged-in.example:5000");
    }

    @Test
    void theComponentUnpacksWithTheRealLayerTools() throws IOException {
        OciImageProvider component = new OciImageProvider();
        component.init(context(dir.resolve("graph2")));
        try {
            Path archive = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox").write(dir.resolve("a.tar"));
            assertEquals(List.of("busybox:latest"), component.load(archive, null, p -> { }));
            assertEquals(1, component.imageCount());
        } finally {
            component.close();
        }
    }

    private static Map<String, String> untar(byte[] tar) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile() && !e.isSymbolicLink()) {
                    files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
