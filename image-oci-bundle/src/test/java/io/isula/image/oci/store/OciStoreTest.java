package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.sys.Mounts;
import io.isula.image.oci.testing.Tars;
import io.isula.image.oci.testing.TarTestUnpacker;
import io.isula.image.oci.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciStoreTest {
    @TempDir
    Path dir;
    private final TarTestUnpacker unpacker = new TarTestUnpacker();
    private final Mounts mounts = new Mounts();
    private OciStore store;

    private final byte[] base = Tars.tar(Tars.files("etc/", null, "etc/os-release", "test os", "bin/sh", "#!shell"));
    private final byte[] top = Tars.tar(Tars.files("app/run", "run me"));
    private final byte[] other = Tars.tar(Tars.files("other/file", "other"));

    @BeforeEach
    void open() throws IOException {
        store = OciStore.open(dir.resolve("storage"), unpacker, mounts);
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.unmountAllUnder(dir);
    }

    private OciStore reopen() throws IOException {
        store = OciStore.open(dir.resolve("storage"), unpacker, mounts);
        return store;
    }

    private String chainHex(byte[]... tars) {
        List<Digest> ids = ChainIds.chainIds(Stream.of(tars).map(Digest::sha256).toList());
        return ids.get(ids.size() - 1).hex();
    }

    @Test
    void registeredImageIsFoundByNameIdAndIdPrefixAndSurvivesAReopen() throws IOException {
        String id = TestImages.add(store, "one", List.of(base, top), "busybox");
        assertEquals(Digest.sha256(TestImages.config(TestImages.diffIds(List.of(base, top)), "one")).hex(), id);
        for (String name : List.of("busybox", "busybox:latest", "docker.io/library/busybox", "docker.io/library/busybox:latest",
                "sha256:" + id, id, id.substring(0, 5), "sha256:" + id.substring(0, 7))) {
            ImageMatch m = store.find(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(id, m.image().id(), name);
        }
        assertTrue(store.find("busybox:1.0").isEmpty());
        assertTrue(store.find("nothing").isEmpty());
        assertTrue(store.find("/abs/path").isEmpty());
        assertTrue(store.find("busybox").orElseThrow().reference().equals("docker.io/library/busybox:latest"));
        assertTrue(store.find(id).orElseThrow().byId());

        ImageRecord image = store.image(id).orElseThrow();
        assertEquals(List.of(Digest.sha256(base).hex(), chainHex(base, top)), image.layers());
        assertEquals("test os".length() + "#!shell".length() + "run me".length(), image.size());
        StorePaths p = store.paths();
        assertTrue(Files.isRegularFile(p.imageJson(id)));
        assertTrue(Files.isRegularFile(p.blob(image.configDigest())));
        for (LayerRecord l : store.chain(image.topLayer())) {
            assertTrue(Files.isRegularFile(p.layerJson(l.id())));
            Path link = p.links().resolve(l.link());
            assertTrue(Files.isSymbolicLink(link));
            assertEquals(p.layerDiff(l.id()).toRealPath(), link.toRealPath());
        }
        assertEquals("run me", Files.readString(p.layerDiff(chainHex(base, top)).resolve("app/run")));

        reopen();
        assertTrue(store.recovery().lines().isEmpty(), store.recovery().toString());
        assertEquals(image, store.image(id).orElseThrow());
        assertEquals(id, store.find("busybox").orElseThrow().image().id());
        assertEquals(2, store.layerUsers(chainHex(base)) + store.layerUsers(chainHex(base, top)));
    }

    @Test
    void anAmbiguousIdPrefixIsNotFound() throws IOException {
        String a = TestImages.add(store, "a", List.of(base));
        String b = null;
        for (int i = 0; b == null || b.charAt(0) != a.charAt(0); i++) {
            b = TestImages.add(store, "b" + i, List.of(base));
        }
        String prefix = a.substring(0, 1);
        EngineException e = assertThrows(EngineException.class, () -> store.find(prefix));
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("matches"), e.getMessage());
    }

    @Test
    void aNameMovesToTheNewImageAndTheOldOneIsLeftUntagged() throws IOException {
        String old = TestImages.add(store, "old", List.of(base), "app:1", "app:keep");
        String fresh = TestImages.add(store, "new", List.of(base, top), "app:1");
        assertEquals(fresh, store.find("app:1").orElseThrow().image().id());
        assertEquals(List.of("docker.io/library/app:keep"), store.image(old).orElseThrow().names());
        String third = TestImages.add(store, "third", List.of(base), "app:keep");
        assertTrue(store.image(old).orElseThrow().names().isEmpty(), "the old image is dangling");
        assertEquals(3, store.images().size());
        reopen();
        assertEquals(third, store.find("app:keep").orElseThrow().image().id());
        assertTrue(store.image(old).orElseThrow().names().isEmpty());
    }

    @Test
    void tagUntagAndRemoveFollowDocker() throws IOException {
        String id = TestImages.add(store, "x", List.of(base, top), "busybox");
        store.tag("busybox", "mine/box:2");
        store.tag(id.substring(0, 12), "mine/box:2");
        assertEquals(List.of("docker.io/library/busybox:latest", "docker.io/mine/box:2"), store.image(id).orElseThrow().names());
        EngineException digestTag = assertThrows(EngineException.class, () -> store.tag("busybox", "x@sha256:" + "a".repeat(64)));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, digestTag.kind());
        assertThrows(EngineException.class, () -> store.tag("missing", "x:1"));

        EngineException conflict = assertThrows(EngineException.class, () -> store.remove(id, false));
        assertEquals(EngineException.Kind.CONFLICT, conflict.kind());

        assertEquals(List.of(ImageDeleted.untagged("mine/box:2")), store.remove("mine/box:2", false));
        assertTrue(Files.isRegularFile(store.paths().imageJson(id)));
        List<ImageDeleted> gone = store.remove("busybox", false);
        assertEquals(List.of(ImageDeleted.untagged("busybox:latest"), ImageDeleted.deleted("sha256:" + id),
                ImageDeleted.deleted("sha256:" + chainHex(base, top)), ImageDeleted.deleted("sha256:" + chainHex(base))), gone);
        assertTrue(store.images().isEmpty());
        assertStoreEmpty();
        EngineException missing = assertThrows(EngineException.class, () -> store.remove("busybox", false));
        assertEquals(EngineException.Kind.NOT_FOUND, missing.kind());
    }

    @Test
    void forcedRemovalByIdUntagsEveryName() throws IOException {
        String id = TestImages.add(store, "x", List.of(base), "a:1", "b:2");
        List<ImageDeleted> out = store.remove(id, true);
        assertEquals(List.of(ImageDeleted.untagged("a:1"), ImageDeleted.untagged("b:2"),
                ImageDeleted.deleted("sha256:" + id), ImageDeleted.deleted("sha256:" + chainHex(base))), out);
        assertStoreEmpty();
    }

    @Test
    void sharedLayersAreStoredOnceAndOutliveOneOfTheirImages() throws IOException {
        String first = TestImages.add(store, "first", List.of(base, top), "first");
        String second = TestImages.add(store, "second", List.of(base, other), "second");
        assertEquals(3, unpacker.calls(), "the base layer is unpacked once");
        assertEquals(2, store.layerUsers(chainHex(base)));
        assertEquals(3, layerDirs().size());

        List<ImageDeleted> out = store.remove("first", false);
        assertEquals(ImageDeleted.deleted("sha256:" + chainHex(base, top)), out.get(out.size() - 1));
        assertFalse(Files.exists(store.paths().layerDir(chainHex(base, top))));
        assertTrue(Files.isDirectory(store.paths().layerDiff(chainHex(base))));
        assertEquals(1, store.layerUsers(chainHex(base)));
        assertEquals(second, store.find("second").orElseThrow().image().id());
        assertFalse(Files.exists(store.paths().blob(new Digest("sha256", first))));

        store.remove("second", false);
        assertStoreEmpty();
    }

    @Test
    void aContainerKeepsItsLayersAfterItsImageIsForcedOut() throws IOException {
        String id = TestImages.add(store, "c", List.of(base, top), "app");
        ContainerLayerRecord c = store.createContainer("c1", store.image(id).orElseThrow());
        assertEquals(chainHex(base, top), c.topLayer());
        assertEquals(2, store.layerUsers(chainHex(base)));
        assertTrue(Files.isDirectory(store.paths().containerDir("c1").resolve("upper")));
        assertTrue(Files.isRegularFile(store.paths().containerJson("c1")));

        List<ImageDeleted> out = store.remove("app", true);
        assertEquals(List.of(ImageDeleted.untagged("app:latest"), ImageDeleted.deleted("sha256:" + id)), out,
                "no layer is deleted while the container uses it");
        assertEquals(1, store.layerUsers(chainHex(base, top)));
        reopen();
        assertEquals(1, store.layerUsers(chainHex(base, top)), "counted again from container.json");
        assertTrue(Files.isDirectory(store.paths().layerDiff(chainHex(base, top))));

        store.removeContainer("c1");
        assertFalse(Files.exists(store.paths().containerDir("c1")));
        assertStoreEmpty();
    }

    @Test
    void twoTransactionsNeedingOneLayerUnpackItOnce() throws Exception {
        CountDownLatch bothAsked = new CountDownLatch(2);
        Digest diffId = Digest.sha256(base);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> ids = List.of(pool.submit(() -> load("one", bothAsked, diffId)),
                    pool.submit(() -> load("two", bothAsked, diffId)));
            String a = ids.get(0).get(30, TimeUnit.SECONDS);
            String b = ids.get(1).get(30, TimeUnit.SECONDS);
            assertFalse(a.equals(b));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, unpacker.calls());
        assertEquals(2, store.layerUsers(diffId.hex()));
    }

    private String load(String marker, CountDownLatch bothAsked, Digest diffId) throws IOException, InterruptedException {
        try (StoreTransaction tx = store.begin()) {
            assertFalse(tx.hasLayer(diffId));
            bothAsked.countDown();
            assertTrue(bothAsked.await(10, TimeUnit.SECONDS));
            tx.unpackLayer(() -> slow(base), null, diffId, null);
            return tx.registerImage(TestImages.config(List.of(diffId), marker), null, null, List.of(marker), List.of());
        }
    }

    private static InputStream slow(byte[] content) {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ByteArrayInputStream(content);
    }

    @Test
    void aDiffIdMismatchRegistersNothing() throws IOException {
        Digest wrong = Digest.sha256(other);
        try (StoreTransaction tx = store.begin()) {
            LayerException e = assertThrows(LayerException.class,
                    () -> tx.unpackLayer(() -> new ByteArrayInputStream(base), null, wrong, null));
            assertTrue(e.getMessage().contains("diff id mismatch"), e.getMessage());
        }
        assertStoreEmpty();
        assertTrue(store.layer(wrong.hex()).isEmpty());
    }

    @Test
    void compressedBlobsAreCheckedAndRecorded() throws IOException {
        byte[] gz = Tars.gzip(base);
        Digest diffId = Digest.sha256(base);
        try (StoreTransaction tx = store.begin()) {
            LayerException e = assertThrows(LayerException.class, () -> tx.unpackLayer(() -> new ByteArrayInputStream(gz),
                    null, diffId, Digest.sha256(base)));
            assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
            assertTrue(store.layer(diffId.hex()).isEmpty());
            tx.unpackLayer(() -> new ByteArrayInputStream(gz), null, diffId, Digest.sha256(gz));
            tx.registerImage(TestImages.config(List.of(diffId), "gz"), null, null, List.of("gz"), List.of());
        }
        LayerRecord l = store.layer(diffId.hex()).orElseThrow();
        assertEquals(List.of(Digest.sha256(gz)), l.compressedDigests());
        assertEquals(diffId, l.diffId());
        assertEquals("test os", Files.readString(store.paths().layerDiff(l.id()).resolve("etc/os-release")));
    }

    @Test
    void aSourceThatChecksTheDigestIsReadToItsEndButNotHashedAgain() throws IOException {
        byte[] blob = base;
        Digest diffId = Digest.sha256(blob);
        AtomicBoolean endReached = new AtomicBoolean();
        LayerSource source = () -> new ByteArrayInputStream(blob) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                endReached.compareAndSet(false, n < 0);
                return n;
            }
        };
        Digest recorded = Digest.sha256(other); // not the blob's: a checked source's digest is taken as delivered
        try (StoreTransaction tx = store.begin()) {
            assertThrows(LayerException.class, () -> tx.unpackLayer(source, null, diffId, recorded));
            assertTrue(store.layer(diffId.hex()).isEmpty());
            endReached.set(false);
            tx.unpackLayer(LayerSource.digestChecked(source), null, diffId, recorded);
            assertTrue(endReached.get(), "the store waits for the end, where the source has checked the digest");
            assertEquals(List.of(recorded), store.layer(diffId.hex()).orElseThrow().compressedDigests());
        }
    }

    @Test
    void ingestCommitsVerifiedBlobsAndATransactionCleansUpAfterItself() throws IOException {
        byte[] gz = Tars.gzip(top);
        Digest blobDigest = Digest.sha256(gz);
        Path blob;
        try (StoreTransaction tx = store.begin()) {
            try (IngestFile partial = tx.ingest(blobDigest)) {
                assertEquals(store.paths().ingestFile(blobDigest), partial.path());
                assertEquals(0, partial.size());
                Files.write(partial.path(), java.util.Arrays.copyOf(gz, 10));
                assertEquals(10, partial.size(), "a later attempt resumes from here");
                EngineException bad = assertThrows(EngineException.class, () -> partial.commit(Digest.sha256(top)));
                assertTrue(bad.getMessage().contains("failed verification"), bad.getMessage());
                assertFalse(Files.exists(partial.path()), "a bad download is discarded");
            }
            try (IngestFile partial = tx.ingest(blobDigest)) {
                Files.write(partial.path(), gz);
                blob = partial.commit(Digest.sha256(Files.readAllBytes(partial.path())));
            }
            assertEquals(store.paths().blob(blobDigest), blob);
            assertEquals(Digest.sha256(top), tx.unpackLayer(blob, null, Digest.sha256(top), blobDigest));
            assertTrue(tx.blob(blobDigest).isPresent());
            // no image registered: the pull failed after its layer
        }
        assertFalse(Files.exists(blob), "the layer blob goes with the transaction");
        assertStoreEmpty();
    }

    @Test
    void aPinnedLayerSurvivesTheRemovalOfItsLastImage() throws IOException {
        TestImages.add(store, "a", List.of(base), "a");
        Digest baseId = Digest.sha256(base);
        try (StoreTransaction tx = store.begin()) {
            assertTrue(tx.hasLayer(baseId));
            List<ImageDeleted> out = store.remove("a", false);
            assertEquals(2, out.size(), "untagged + image, the layer stays: " + out);
            assertTrue(store.layer(baseId.hex()).isPresent());
            tx.registerImage(TestImages.config(List.of(baseId), "b"), null, null, List.of("b"), List.of());
        }
        assertEquals(1, store.layerUsers(baseId.hex()));
        assertTrue(Files.isDirectory(store.paths().layerDiff(baseId.hex())));
    }

    @Test
    void registeringAnImageWhoseLayersAreMissingFails() throws IOException {
        try (StoreTransaction tx = store.begin()) {
            EngineException e = assertThrows(EngineException.class, () -> tx.registerImage(
                    TestImages.config(List.of(Digest.sha256(base)), "m"), null, null, List.of("m"), List.of()));
            assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("is not in the store"), e.getMessage());
            EngineException badJson = assertThrows(EngineException.class, () -> tx.registerImage(
                    "{not json".getBytes(StandardCharsets.UTF_8), null, null, List.of(), List.of()));
            assertTrue(badJson.getMessage().startsWith("invalid image config"), badJson.getMessage());
        }
        assertTrue(store.images().isEmpty());
        assertStoreEmpty();
    }

    @Test
    void repoDigestsAndManifestsAreKeptWithTheImage() throws IOException {
        Digest diffId = Digest.sha256(base);
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = Digest.sha256(manifest);
        String id;
        try (StoreTransaction tx = store.begin()) {
            tx.unpackLayer(() -> new ByteArrayInputStream(base), null, diffId, null);
            EngineException wrong = assertThrows(EngineException.class, () -> tx.registerImage(
                    TestImages.config(List.of(diffId), "d"), manifest, Digest.sha256(base), List.of(), List.of()));
            assertTrue(wrong.getMessage().contains("manifest"), wrong.getMessage());
            id = tx.registerImage(TestImages.config(List.of(diffId), "d"), manifest, manifestDigest,
                    List.of("registry.local:5000/team/app:1"), List.of("registry.local:5000/team/app@" + manifestDigest));
        }
        assertEquals(id, store.find("registry.local:5000/team/app@" + manifestDigest).orElseThrow().image().id());
        assertTrue(Files.isRegularFile(store.paths().blob(manifestDigest)));
        assertEquals(manifestDigest, store.image(id).orElseThrow().manifestDigest());
        List<ImageDeleted> out = store.remove("registry.local:5000/team/app:1", false);
        assertEquals(ImageDeleted.untagged("registry.local:5000/team/app@" + manifestDigest), out.get(1));
        assertFalse(Files.exists(store.paths().blob(manifestDigest)));
        assertStoreEmpty();
    }

    @Test
    void containerIdsCannotNamePathsOutsideTheStore() throws IOException {
        String id = TestImages.add(store, "c", List.of(base), "app");
        ImageRecord image = store.image(id).orElseThrow();
        for (String bad : List.of("../x", "a/b", ".", "..", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.createContainer(bad, image), bad);
        }
        assertEquals(Set.of(), store.containerFolders());
    }

    private List<Path> layerDirs() throws IOException {
        try (Stream<Path> s = Files.list(store.paths().overlay())) {
            return s.filter(p -> !p.getFileName().toString().equals("l")).toList();
        }
    }

    /** No layer, no link, no layer record, no blob, no temporary left. */
    private void assertStoreEmpty() throws IOException {
        StorePaths p = store.paths();
        assertEquals(List.of(), layerDirs());
        for (Path d : List.of(p.links(), p.layerMetaRoot(), p.imageRoot(), p.blobRoot().resolve("sha256"))) {
            try (Stream<Path> s = Files.list(d)) {
                assertEquals(List.of(), s.toList(), d.toString());
            }
        }
    }
}
