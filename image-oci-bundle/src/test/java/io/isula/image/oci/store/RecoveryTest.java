package io.isula.image.oci.store;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes simulated by leaving the store as each step of an operation would leave it, then opening it again:
 * the store is consistent, unfinished work is gone and finished work is kept.
 */
class RecoveryTest {
    @TempDir
    Path dir;
    private final TarTestUnpacker unpacker = new TarTestUnpacker();
    private final Mounts mounts = new Mounts();
    private OciStore store;
    private StorePaths p;

    private final byte[] base = Tars.tar(Tars.files("etc/os-release", "os"));
    private final byte[] top = Tars.tar(Tars.files("app/run", "app"));
    private final Digest baseId = Digest.sha256(base);
    private final Digest topChain = ChainIds.chainId(baseId, Digest.sha256(top));

    @BeforeEach
    void open() throws IOException {
        store = OciStore.open(dir.resolve("storage"), unpacker, mounts);
        p = store.paths();
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.unmountAllUnder(dir);
    }

    private RecoveryReport restart() throws IOException {
        store = OciStore.open(dir.resolve("storage"), unpacker, mounts);
        return store.recovery();
    }

    @Test
    void temporariesAndPartialDownloadsAreRemoved() throws IOException {
        String keep = TestImages.add(store, "keep", List.of(base), "keep");
        Files.createDirectories(p.overlay().resolve(".tmp-unpack-0123/diff/etc"));
        Files.writeString(p.overlay().resolve(".tmp-unpack-0123/diff/etc/x"), "half");
        Files.createDirectories(p.imageRoot().resolve(".tmp-x"));
        Files.writeString(p.imageRoot().resolve(keep).resolve(".images.json123.tmp"), "{");
        Files.writeString(p.blobRoot().resolve("sha256").resolve(".blob.tmp"), "x");
        Files.createDirectories(p.containerRoot().resolve(".tmp-ctr-1/merged"));
        Path partial = p.ingestFile(Digest.sha256(top));
        Files.write(partial, new byte[100]);
        Files.writeString(p.scratch().resolve("load-archive.tar"), "x");

        RecoveryReport report = restart();
        assertTrue(report.mentions("partial download"), report.toString());
        assertTrue(report.mentions("temporary overlay/.tmp-unpack-0123"), report.toString());
        assertFalse(Files.exists(partial));
        assertEquals(List.of(), list(p.ingest()));
        assertEquals(List.of(), list(p.scratch()));
        assertEquals(List.of(p.imageRoot().resolve(keep)), list(p.imageRoot()));
        assertEquals(List.of(p.imageJson(keep)), list(p.imageRoot().resolve(keep)));
        assertEquals(List.of(), list(p.containerRoot()));
        assertEquals(List.of(p.layerDir(baseId.hex()), p.links()), list(p.overlay()).stream().sorted().toList());
        assertEquals(keep, store.find("keep").orElseThrow().image().id());
    }

    /** A crash after the layer's content was renamed into place, before layer.json: no layer. */
    @Test
    void aLayerWithoutItsRecordIsRemoved() throws IOException {
        TestImages.add(store, "a", List.of(base, top), "a");
        Path meta = p.layerJson(topChain.hex());
        LayerRecord record = store.layer(topChain.hex()).orElseThrow();
        Files.delete(meta);

        RecoveryReport report = restart();
        assertTrue(report.mentions("layer " + topChain.hex() + ": no"), report.toString());
        assertTrue(report.mentions("layer " + topChain.hex() + " missing"), "its image goes too: " + report);
        assertFalse(Files.exists(p.layerDir(topChain.hex())));
        assertFalse(Files.exists(p.links().resolve(record.link()), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(store.images().isEmpty());
        assertTrue(store.layer(baseId.hex()).isEmpty(), "the base is used by nothing any more");
        assertEquals(List.of(p.links()), list(p.overlay()));
    }

    /** A crash after the layers were unpacked and their records written, before the image was registered. */
    @Test
    void layersAndBlobsOfAnUnfinishedPullAreRemoved() throws IOException {
        String kept = TestImages.add(store, "kept", List.of(base), "kept");
        StoreTransaction tx = store.begin();
        tx.unpackLayer(() -> new ByteArrayInputStream(top), baseId, Digest.sha256(top), null);
        byte[] config = TestImages.config(List.of(baseId, Digest.sha256(top)), "lost");
        store.blobs().put(Digest.sha256(config), config);
        // the daemon dies here: the transaction is never closed

        RecoveryReport report = restart();
        assertTrue(report.mentions("layer " + topChain.hex() + ": used by no image"), report.toString());
        assertTrue(report.mentions("blob " + Digest.sha256(config)), report.toString());
        assertFalse(Files.exists(p.layerDir(topChain.hex())));
        assertFalse(Files.exists(p.blob(Digest.sha256(config))));
        assertEquals(List.of(kept), store.images().stream().map(ImageRecord::id).toList());
        assertTrue(Files.isDirectory(p.layerDiff(baseId.hex())));
    }

    /** A crash during rmi, after images.json was deleted, before its layers and blobs. */
    @Test
    void anImageFolderWithoutItsRecordIsRemovedWithItsLayers() throws IOException {
        String id = TestImages.add(store, "a", List.of(base, top), "a");
        Files.delete(p.imageJson(id));

        RecoveryReport report = restart();
        assertTrue(report.mentions("image " + id + ": no valid images.json"), report.toString());
        assertTrue(store.images().isEmpty());
        assertEquals(List.of(p.links()), list(p.overlay()));
        assertEquals(List.of(), list(p.blobRoot().resolve("sha256")));
        assertEquals(List.of(), list(p.links()));
    }

    @Test
    void anImageWhoseLayerOrConfigIsGoneIsRemoved() throws IOException {
        String a = TestImages.add(store, "a", List.of(base, top), "a");
        String b = TestImages.add(store, "b", List.of(base), "b");
        String c = TestImages.add(store, "c", List.of(base), "c");
        io.isula.core.util.FileTrees.delete(p.layerDir(topChain.hex()));
        Files.delete(p.blob(new Digest("sha256", c)));

        RecoveryReport report = restart();
        assertTrue(report.mentions("layer " + topChain.hex() + ": content missing"), report.toString());
        assertTrue(report.mentions("image " + a + ": layer " + topChain.hex() + " missing"), report.toString());
        assertTrue(report.mentions("image " + c + ": config blob missing"), report.toString());
        assertEquals(List.of(b), store.images().stream().map(ImageRecord::id).toList());
        assertEquals(1, store.layerUsers(baseId.hex()));
    }

    /** A crash while a name moved from one image to another: both records hold it; the newer image keeps it. */
    @Test
    void aNameOnTwoImagesGoesToTheOneThatTookItLast() throws IOException {
        String old = TestImages.add(store, "old", List.of(base), "app:1");
        String fresh = TestImages.add(store, "new", List.of(base), "app:1");
        ImageRecord stale = store.image(old).orElseThrow();
        ImageRecord oldWithName = stale.withReferences(List.of("docker.io/library/app:1"), List.of(), "2000-01-01T00:00:00Z");
        RecordFiles.write(p.imageJson(old), oldWithName);

        RecoveryReport report = restart();
        assertTrue(report.mentions("image " + old), report.toString());
        assertEquals(fresh, store.find("app:1").orElseThrow().image().id());
        assertTrue(store.image(old).orElseThrow().names().isEmpty());
        assertTrue(RecordFiles.read(p.imageJson(old), ImageRecord.class).names().isEmpty(), "fixed on disk too");
    }

    @Test
    void containerFoldersWithoutARecordAreRemovedAndRecordedOnesKeepTheirLayers() throws IOException {
        String id = TestImages.add(store, "a", List.of(base, top), "a");
        store.createContainer("kept", store.image(id).orElseThrow());
        Files.createDirectories(p.containerDir("half").resolve("upper"));
        Files.createDirectories(p.containerDir("half").resolve("merged"));
        store.remove("a", true); // the image goes, the container's layers stay

        RecoveryReport report = restart();
        assertTrue(report.mentions("container half: no valid container.json"), report.toString());
        assertFalse(Files.exists(p.containerDir("half")));
        assertTrue(Files.isRegularFile(p.containerJson("kept")));
        assertEquals(1, store.layerUsers(topChain.hex()));
        assertTrue(Files.isDirectory(p.layerDiff(topChain.hex())));
        assertTrue(Files.isDirectory(p.layerDiff(baseId.hex())));
    }

    @Test
    void aBrokenShortLinkIsMadeAgainAndStrayLinksGo() throws IOException {
        TestImages.add(store, "a", List.of(base), "a");
        LayerRecord l = store.layer(baseId.hex()).orElseThrow();
        Files.delete(p.links().resolve(l.link()));
        Files.createSymbolicLink(p.links().resolve("ABCDEFGHIJKL"), Path.of("../nothing/diff"));

        RecoveryReport report = restart();
        assertTrue(report.mentions("short link ABCDEFGHIJKL"), report.toString());
        assertEquals(p.layerDiff(l.id()).toRealPath(), p.links().resolve(l.link()).toRealPath());
        assertEquals(List.of(p.links().resolve(l.link())), list(p.links()));
    }

    @Test
    void aLayerWhoseParentIsGoneIsRemoved() throws IOException {
        TestImages.add(store, "a", List.of(base, top), "a");
        Files.delete(p.layerJson(baseId.hex()));
        RecoveryReport report = restart();
        assertTrue(report.mentions("layer " + topChain.hex() + ": parent " + baseId.hex() + " missing"), report.toString());
        assertTrue(store.layer(topChain.hex()).isEmpty());
        assertEquals(List.of(p.links()), list(p.overlay()));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
