package io.isula.image.oci.archive;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProgressUpdate;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.layer.TarLayerUnpacker;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.store.ChainIds;
import io.isula.image.oci.store.ImageRecord;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.StorePaths;
import io.isula.image.oci.sys.Mounts;
import io.isula.image.oci.testing.ArchiveBuilder;
import io.isula.image.oci.testing.Tars;
import io.isula.image.oci.testing.TarTestUnpacker;
import io.isula.image.oci.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderTest {
    @TempDir
    Path dir;
    private final TarTestUnpacker unpacker = new TarTestUnpacker();
    private OciStore store;
    private ImageLoader loader;
    private final List<ProgressUpdate> progress = new ArrayList<>();

    private final byte[] base = Tars.tar(Tars.files("etc/", null, "etc/os-release", "busybox os", "bin/sh", "#!sh"));
    private final byte[] app = Tars.tar(Tars.files("app/run", "app"));
    private final byte[] tool = Tars.tar(Tars.files("usr/bin/tool", "tool"));

    @BeforeEach
    void open() throws IOException {
        store = OciStore.open(dir.resolve("storage"), unpacker, new Mounts());
        loader = new ImageLoader(store);
    }

    private List<String> load(ArchiveBuilder archive, String tag) throws IOException {
        return loader.load(archive.write(dir.resolve("archive.tar")), tag, progress::add);
    }

    private String idOf(String name) {
        return store.find(name).orElseThrow(() -> new AssertionError(name)).image().id();
    }

    @Test
    void aLegacyDockerArchiveLoads() throws IOException {
        List<String> names = load(new ArchiveBuilder().legacyImage("bb", List.of(base, app), "busybox:latest", "busybox:1.36"), null);
        assertEquals(List.of("busybox:latest", "busybox:1.36"), names);
        ImageRecord image = store.image(idOf("busybox:1.36")).orElseThrow();
        assertEquals(Digest.sha256(TestImages.config(TestImages.diffIds(List.of(base, app)), "bb")).hex(), image.id());
        assertEquals("app", Files.readString(store.paths().layerDiff(image.topLayer()).resolve("app/run")));
        assertTrue(progress.stream().anyMatch(p -> "Loading layer".equals(p.status())
                && Digest.sha256(base).shortHex().equals(p.id())), progress.toString());
        assertEquals(List.of(), list(store.paths().scratch()));
    }

    @Test
    void aDocker25ArchiveWithCompressedBlobsLoads() throws IOException {
        List<String> names = load(new ArchiveBuilder().blobImage("new", List.of(base, app), true, "registry.local:5000/x/app:2"), null);
        assertEquals(List.of("registry.local:5000/x/app:2"), names);
        ImageRecord image = store.image(idOf("registry.local:5000/x/app:2")).orElseThrow();
        assertEquals(List.of(Digest.sha256(Tars.gzip(app))),
                store.layer(image.topLayer()).orElseThrow().compressedDigests());
    }

    @Test
    void aCompressedArchiveIsDecompressedFirst() throws IOException {
        Path gz = dir.resolve("archive.tar.gz");
        Files.write(gz, Tars.gzip(new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox").build()));
        assertEquals(List.of("busybox:latest"), loader.load(gz, null, progress::add));
        assertEquals(List.of(), list(store.paths().scratch()), "the decompressed copy is gone");
    }

    @Test
    void severalImagesShareTheirLayersAndAReloadUnpacksNothing() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().legacyImage("one", List.of(base, app), "one")
                .blobImage("two", List.of(base, tool), false, "two");
        assertEquals(List.of("one:latest", "two:latest"), load(archive, null));
        assertEquals(3, unpacker.calls());
        assertEquals(2, store.layerUsers(Digest.sha256(base).hex()));

        progress.clear();
        assertEquals(List.of("one:latest", "two:latest"), load(archive, null));
        assertEquals(3, unpacker.calls(), "every layer already exists");
        assertEquals(4, progress.stream().filter(p -> "Already exists".equals(p.status())).count());
        assertEquals(2, store.images().size());
    }

    @Test
    void layersAreUnpackedSeveralAtATime() throws IOException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        LayerUnpacker meeting = (layer, target) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoAtOnce.countDown();
            try {
                twoAtOnce.await(10, TimeUnit.SECONDS); // one at a time, the first would wait here in vain
                return new TarLayerUnpacker().unpack(layer, target);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            } finally {
                running.decrementAndGet();
            }
        };
        OciStore parallel = OciStore.open(dir.resolve("parallel"), meeting, new Mounts());
        Path archive = new ArchiveBuilder().legacyImage("three", List.of(base, app, tool), "three")
                .write(dir.resolve("three.tar"));
        List<ProgressUpdate> updates = new ArrayList<>();

        assertEquals(List.of("three:latest"), new ImageLoader(parallel).load(archive, null, updates::add));
        assertTrue(most.get() >= 2, "layers unpacked at most " + most.get() + " at a time");
        ImageRecord image = parallel.find("three").orElseThrow().image();
        assertEquals(3, parallel.chain(image.topLayer()).size());
        assertEquals(3, updates.stream().filter(u -> u.total() > 0 && u.current() == u.total()).map(ProgressUpdate::id)
                .distinct().count(), "each layer reports its end");
    }

    @Test
    void layersOfImagesAlreadyStoredAreReused() throws IOException {
        TestImages.add(store, "stored", List.of(base), "stored");
        load(new ArchiveBuilder().legacyImage("x", List.of(base, app), "x"), null);
        assertEquals(2, unpacker.calls());
    }

    @Test
    void tagRenamesTheOnlyImageAndIsRefusedForSeveral() throws IOException {
        assertEquals(List.of("renamed:v1"), load(new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox"), "renamed:v1"));
        assertTrue(store.find("busybox").isEmpty());
        ArchiveBuilder two = new ArchiveBuilder().legacyImage("one", List.of(app), "one").legacyImage("two", List.of(tool), "two");
        EngineException e = assertThrows(EngineException.class, () -> load(two, "x:1"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("--tag names one image, but the archive holds 2"), e.getMessage());
        assertEquals(1, store.images().size());
        EngineException badTag = assertThrows(EngineException.class, () -> load(two, "Bad Name"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, badTag.kind());
    }

    @Test
    void anUnnamedImageIsReportedById() throws IOException {
        List<String> names = load(new ArchiveBuilder().legacyImage("anon", List.of(base)), null);
        String id = Digest.sha256(TestImages.config(TestImages.diffIds(List.of(base)), "anon")).hex();
        assertEquals(List.of("sha256:" + id), names);
        assertTrue(store.image(id).orElseThrow().names().isEmpty());
    }

    @Test
    void badManifestsAreRefusedAndNothingIsStored() throws IOException {
        Map<String, String> cases = Map.of(
                "{not json", "manifest.json is not valid JSON",
                "{}", "must be a JSON array",
                "[]", "lists no image",
                "[42]", "is not a JSON object",
                "[{\"Layers\":[]}]", "\"Config\" is missing",
                "[{\"Config\":\"missing.json\",\"Layers\":[]}]", "config \"missing.json\" is not in the archive",
                "[{\"Config\":\"CONFIG\"}]", "\"Layers\" must be an array",
                "[{\"Config\":\"CONFIG\",\"Layers\":[\"a\",\"b\",\"c\"]}]", "lists 3 layers but its config has 1 diff ids",
                "[{\"Config\":\"CONFIG\",\"Layers\":[\"LAYER\"],\"RepoTags\":[\"UPPER:case\"]}]", "RepoTags");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ArchiveBuilder archive = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox");
            String config = archive.manifest().get(0).get("Config").asText();
            String layer = archive.manifest().get(0).get("Layers").get(0).asText();
            archive.manifestJson(c.getKey().replace("CONFIG", config).replace("LAYER", layer));
            assertInvalid(archive, c.getValue());
        }
    }

    @Test
    void emptyNonTarAndTruncatedFilesAreRefused() throws IOException {
        Path empty = Files.write(dir.resolve("empty.tar"), new byte[0]);
        assertInvalid(empty, "the file is empty");
        byte[] junk = "this is not an image archive at all, just some text".repeat(40).getBytes(StandardCharsets.UTF_8);
        assertInvalid(Files.write(dir.resolve("junk.tar"), junk), "not a tar archive");
        byte[] tarWithoutManifest = Tars.tar(Tars.files("hello.txt", "hi"));
        assertInvalid(Files.write(dir.resolve("plain.tar"), tarWithoutManifest), "neither manifest.json");

        byte[] whole = new ArchiveBuilder().legacyImage("bb", List.of(Tars.tarBytes(Map.of("big", new byte[300_000]))), "busybox")
                .build();
        assertInvalid(Files.write(dir.resolve("cut.tar"), Arrays.copyOf(whole, whole.length - 200_000)), "truncated");
        assertEquals(0, store.images().size());
        assertNothingLeft();
    }

    @Test
    void aMissingLayerIsRefused() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().legacyImage("bb", List.of(base, app), "busybox");
        archive.remove(archive.manifest().get(0).get("Layers").get(1).asText());
        assertInvalid(archive, "is not in the archive");
    }

    @Test
    void namesInTheManifestNeverLeaveTheArchive() throws IOException {
        for (String evil : List.of("../../etc/passwd", "/etc/passwd", "a/../../etc/passwd", "ok/../../../etc/shadow")) {
            ArchiveBuilder viaLayer = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox");
            String config = viaLayer.manifest().get(0).get("Config").asText();
            viaLayer.manifestJson("[{\"Config\":\"" + config + "\",\"Layers\":[\"" + evil + "\"]}]");
            viaLayer.entry(evil, base); // even an entry of that very name inside the archive is not looked up
            assertLeavesTheArchive(viaLayer, evil);
            ArchiveBuilder viaConfig = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox");
            viaConfig.manifestJson("[{\"Config\":\"" + evil + "\",\"Layers\":[]}]");
            assertLeavesTheArchive(viaConfig, evil);
        }
        ArchiveBuilder symlinkOut = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox");
        String layer = symlinkOut.manifest().get(0).get("Layers").get(0).asText();
        symlinkOut.entry(layer, "->../../../../etc/passwd".getBytes(StandardCharsets.UTF_8));
        assertInvalid(symlinkOut, "leaves the archive");
        assertTrue(store.images().isEmpty());
    }

    private void assertLeavesTheArchive(ArchiveBuilder archive, String evil) throws IOException {
        Path f = archive.write(dir.resolve("bad.tar"));
        EngineException e = assertThrows(EngineException.class, () -> loader.load(f, null, progress::add), evil);
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind(), evil);
        assertTrue(e.getMessage().contains("\"" + evil + "\"") && (e.getMessage().contains("may not leave the archive")
                || e.getMessage().contains("only relative paths")), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void symlinkedLayersInsideTheArchiveAreFollowed() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().legacyImage("bb", List.of(base, app), "busybox");
        String first = archive.manifest().get(0).get("Layers").get(0).asText();
        String second = archive.manifest().get(0).get("Layers").get(1).asText();
        archive.entry("shared/layer.tar", app);
        archive.entry(second, "->../shared/layer.tar".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("busybox:latest"), load(archive, null));
        assertTrue(first.endsWith("layer.tar"));
    }

    @Test
    void aDiffIdMismatchRegistersNothingAndRemovesWhatItUnpacked() throws IOException {
        TestImages.add(store, "stored", List.of(base), "stored");
        ArchiveBuilder archive = new ArchiveBuilder().legacyImage("good", List.of(base, tool), "good")
                .legacyImage("bad", List.of(base, app), "bad");
        String badLayer = archive.manifest().get(1).get("Layers").get(1).asText();
        archive.entry(badLayer, Tars.tar(Tars.files("app/run", "tampered")));
        assertInvalid(archive, "diff id mismatch");
        assertTrue(store.find("good").isEmpty(), "the good image of the archive is not registered either");
        assertEquals(1, store.images().size());
        assertTrue(store.layer(ChainIds.chainId(Digest.sha256(base), Digest.sha256(tool)).hex()).isEmpty());
        assertTrue(store.layer(Digest.sha256(base).hex()).isPresent(), "the stored image keeps its layer");
        try (Stream<Path> s = Files.list(store.paths().overlay())) {
            assertEquals(2, s.count(), "the base layer and l/");
        }
    }

    @Test
    void aConfigNamedByDigestMustMatchIt() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().legacyImage("bb", List.of(base), "busybox");
        String config = archive.manifest().get(0).get("Config").asText();
        archive.entry(config, TestImages.config(TestImages.diffIds(List.of(base)), "other"));
        assertInvalid(archive, "does not match its digest");
        ArchiveBuilder blobs = new ArchiveBuilder().blobImage("bb", List.of(base), true, "busybox");
        String layer = blobs.manifest().get(0).get("Layers").get(0).asText();
        blobs.entry(layer, Tars.gzip(Tars.gzip(base)));
        assertInvalid(blobs, "does not match its digest");
    }

    @Test
    void anOciLayoutLoadsWithItsNames() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder()
                .ociImage("full", List.of(base, app), true, Map.of("org.opencontainers.image.ref.name", "docker.io/library/busybox:1.0"))
                .ociImage("containerd", List.of(base, tool), false, Map.of("org.opencontainers.image.ref.name", "latest",
                        "io.containerd.image.name", "quay.io/team/tool:3"))
                .ociImage("anon", List.of(base), false, Map.of());
        List<String> names = load(archive, null);
        String anon = Digest.sha256(TestImages.config(TestImages.diffIds(List.of(base)), "anon")).hex();
        assertEquals(List.of("busybox:1.0", "quay.io/team/tool:3", "sha256:" + anon), names);
        ImageRecord full = store.image(idOf("busybox:1.0")).orElseThrow();
        assertTrue(full.manifestDigest() != null && Files.isRegularFile(store.paths().blob(full.manifestDigest())));
        assertEquals(3, unpacker.calls());
    }

    @Test
    void aBareTagNeedsANameFromTag() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().ociImage("t", List.of(base), false,
                Map.of("org.opencontainers.image.ref.name", "latest"));
        assertInvalid(archive, "named only by the tag \"latest\": give it a name with --tag");
        assertEquals(List.of("mine:latest"), load(archive, "mine"));
    }

    @Test
    void anOciIndexInTheLayoutSelectsThisPlatform() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().ociMultiPlatform("multi", List.of(base), Platform.host().architecture(),
                Map.of("org.opencontainers.image.ref.name", "multi:1"));
        assertEquals(List.of("multi:1"), load(archive, null));
        assertEquals(Digest.sha256(TestImages.config(TestImages.diffIds(List.of(base)), "multi")).hex(), idOf("multi:1"));
    }

    @Test
    void ociBlobsMustMatchTheirDescriptors() throws IOException {
        ArchiveBuilder archive = new ArchiveBuilder().ociImage("x", List.of(base), false,
                Map.of("org.opencontainers.image.ref.name", "x:1"));
        archive.entry(archive.blob(base), Tars.tar(Tars.files("other", "content")));
        assertInvalid(archive, "its descriptor says");
        byte[] sameSize = Tars.tar(Tars.files("etc/", null, "etc/os-release", "BUSYBOX OS", "bin/sh", "#!sh"));
        assertEquals(base.length, sameSize.length);
        ArchiveBuilder tampered = new ArchiveBuilder().ociImage("x", List.of(base), false,
                Map.of("org.opencontainers.image.ref.name", "x:1"));
        tampered.entry(tampered.blob(base), sameSize);
        assertInvalid(tampered, "does not match its digest");
        ArchiveBuilder noLayout = new ArchiveBuilder().ociImage("x", List.of(base), false, Map.of());
        byte[] built = noLayout.build();
        Path f = dir.resolve("nolayout.tar");
        Files.write(f, built);
        assertEquals(1, loader.load(f, null, progress::add).size(), "sanity: the complete layout loads");
    }

    private void assertInvalid(ArchiveBuilder archive, String expected) throws IOException {
        assertInvalid(archive.write(dir.resolve("bad.tar")), expected);
    }

    private void assertInvalid(Path file, String expected) throws IOException {
        int images = store.images().size();
        EngineException e = assertThrows(EngineException.class, () -> loader.load(file, null, progress::add));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid archive " + file.getFileName() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
        assertEquals(images, store.images().size());
        assertNothingLeft();
    }

    /** No temporary, no scratch copy, no layer that no image uses. */
    private void assertNothingLeft() throws IOException {
        StorePaths p = store.paths();
        assertEquals(List.of(), list(p.scratch()));
        for (Path d : List.of(p.overlay(), p.imageRoot(), p.blobRoot().resolve("sha256"), p.containerRoot())) {
            for (Path e : list(d)) {
                assertFalse(StorePaths.isTemporary(e), e.toString());
            }
        }
        for (Path meta : list(p.layerMetaRoot())) {
            assertTrue(store.layerUsers(meta.getFileName().toString()) > 0, "unused layer left: " + meta);
        }
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
