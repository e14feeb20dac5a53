package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.sys.Libc;
import io.isula.image.oci.sys.Mounts;
import io.isula.image.oci.testing.Tars;
import io.isula.image.oci.testing.TarTestUnpacker;
import io.isula.image.oci.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real overlay mounts (the tests run as root). */
class OverlayRootfsTest {
    @TempDir
    Path dir;
    private final Mounts mounts = new Mounts();
    private OciStore store;
    private OverlayRootfs rootfs;

    @BeforeEach
    void open() throws IOException {
        store = OciStore.open(dir.resolve("storage"), new TarTestUnpacker(), mounts);
        rootfs = new OverlayRootfs(store, mounts);
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.unmountAllUnder(dir);
    }

    private long mountCount(Path merged) throws IOException {
        Path real = merged.toRealPath();
        return Mounts.mountPoints().stream().filter(real::equals).count();
    }

    @Test
    void aOneLayerImageMountsIdempotentlyAndWritesGoToTheUpperDirectory() throws IOException {
        byte[] layer = Tars.tar(Tars.files("etc/", null, "etc/hostname", "image", "bin/", null, "bin/sh", "#!"));
        TestImages.add(store, "one", List.of(layer), "one");
        Path merged = rootfs.prepare("c1", "one");
        assertEquals(store.paths().containerDir("c1").resolve("merged"), merged);
        assertFalse(rootfs.isMounted("c1"));

        assertEquals(merged, rootfs.mount("c1"));
        assertEquals(merged, rootfs.mount("c1"));
        assertEquals(1, mountCount(merged), "mounting twice mounts once");
        assertEquals("image", Files.readString(merged.resolve("etc/hostname")));
        Files.writeString(merged.resolve("etc/hostname"), "container");
        Files.writeString(merged.resolve("new-file"), "new");
        Path upper = store.paths().containerDir("c1").resolve("upper");
        assertEquals("container", Files.readString(upper.resolve("etc/hostname")));
        assertEquals("new", Files.readString(upper.resolve("new-file")));
        Path diff = store.paths().layerDiff(Digest.sha256(layer).hex());
        assertEquals("image", Files.readString(diff.resolve("etc/hostname")), "the layer is never written");
        assertFalse(Files.exists(diff.resolve("new-file")));

        rootfs.unmount("c1");
        rootfs.unmount("c1");
        assertFalse(rootfs.isMounted("c1"));
        assertFalse(Files.exists(merged.resolve("etc")));
        rootfs.mount("c1");
        assertEquals("container", Files.readString(merged.resolve("etc/hostname")), "the upper layer persists");

        rootfs.remove("c1");
        assertFalse(Files.exists(store.paths().containerDir("c1")));
        Path realDir = dir.toRealPath();
        assertTrue(Mounts.mountPoints().stream().noneMatch(m -> m.startsWith(realDir)), "nothing left mounted");
        rootfs.remove("c1");
    }

    @Test
    void theWritableSizeIsWhatTheContainerWroteAndLayerBytesWhatTheStoreHolds() throws IOException {
        byte[] layer = Tars.tar(Tars.files("etc/", null, "etc/hostname", "image"));
        TestImages.add(store, "sized", List.of(layer), "sized");
        long held = store.layerBytes();
        assertTrue(held > 0, "the image's layer counts");
        Path merged = rootfs.prepare("c1", "sized");
        assertEquals(0, rootfs.writableSize("c1"));
        rootfs.mount("c1");
        Files.write(merged.resolve("data"), new byte[4096]);
        Files.writeString(merged.resolve("etc/hostname"), "changed");
        assertEquals(4096 + 7, rootfs.writableSize("c1"), "new files and copied-up ones, not the image's");
        rootfs.remove("c1");
        assertEquals(held, store.layerBytes(), "the image still holds its layer");
    }

    @Test
    void changesAreWhatTheContainerAddedModifiedAndDeleted() throws IOException {
        byte[] base = Tars.tar(Tars.files("etc/", null, "etc/hostname", "image", "data/", null, "data/a", "1",
                "data/b", "2", "old", "x", "bin/", null, "bin/sh", "#!"));
        byte[] second = Tars.tar(Tars.files("etc/", null, "etc/extra", "e"));
        TestImages.add(store, "diffed", List.of(base, second), "diffed");
        Path merged = rootfs.prepare("c1", "diffed");
        assertEquals(List.of(), rootfs.changes("c1"), "nothing written yet");
        rootfs.mount("c1");
        Files.writeString(merged.resolve("etc/hostname"), "container");
        Files.writeString(merged.resolve("new-file"), "n");
        Files.createDirectories(merged.resolve("newdir"));
        Files.writeString(merged.resolve("newdir/x"), "x");
        Files.delete(merged.resolve("old"));
        Files.delete(merged.resolve("etc/extra"));
        Files.delete(merged.resolve("data/a"));
        Files.delete(merged.resolve("data/b"));
        Files.delete(merged.resolve("data"));
        Files.createDirectories(merged.resolve("data"));
        Files.writeString(merged.resolve("data/c"), "3");

        List<String> seen = rootfs.changes("c1").stream()
                .map(c -> "CAD".charAt(c.kind()) + " " + c.path()).toList();
        assertEquals(List.of("C /data", "D /data/a", "D /data/b", "A /data/c", "C /etc", "D /etc/extra",
                "C /etc/hostname", "A /new-file", "A /newdir", "A /newdir/x", "D /old"), seen);
        assertEquals(EngineException.Kind.NOT_FOUND,
                assertThrows(EngineException.class, () -> rootfs.changes("c2")).kind());
    }

    @Test
    void anOpaqueFolderDeletesOnlyWhatTheImageShowed() throws IOException {
        byte[] base = Tars.tar(Tars.files("data/", null, "data/a", "1", "data/b", "2"));
        byte[] second = Tars.tar(Tars.files("data/", null, "data/n", "3"));
        TestImages.add(store, "whited", List.of(base, second), "whited");
        Path secondDiff = store.paths().layerDiff(ChainIds.chainId(Digest.sha256(base), Digest.sha256(second)).hex());
        Libc.mknod(Libc.path(secondDiff.resolve("data/a").toString()), Libc.S_IFCHR, 0, 0);
        Path merged = rootfs.prepare("c1", "whited");
        rootfs.mount("c1");
        assertFalse(Files.exists(merged.resolve("data/a")), "the image itself deleted a");
        for (String f : List.of("data/b", "data/n")) {
            Files.delete(merged.resolve(f));
        }
        Files.delete(merged.resolve("data"));
        Files.createDirectories(merged.resolve("data"));

        assertEquals(List.of("C /data", "D /data/b", "D /data/n"), rootfs.changes("c1").stream()
                .map(c -> "CAD".charAt(c.kind()) + " " + c.path()).toList());
    }

    @Test
    void threeLayersShowTheirUnionWithUpperLayersWinning() throws IOException {
        List<byte[]> layers = List.of(
                Tars.tar(Tars.files("etc/", null, "etc/a", "a from 0", "bin/x", "x from 0")),
                Tars.tar(Tars.files("etc/", null, "etc/a", "a from 1", "etc/b", "b from 1")),
                Tars.tar(Tars.files("usr/c", "c from 2", "etc/link", "->a")));
        TestImages.add(store, "three", layers, "three");
        rootfs.prepare("c3", "three");
        Path merged = rootfs.mount("c3");
        assertEquals("a from 1", Files.readString(merged.resolve("etc/a")));
        assertEquals("b from 1", Files.readString(merged.resolve("etc/b")));
        assertEquals("x from 0", Files.readString(merged.resolve("bin/x")));
        assertEquals("c from 2", Files.readString(merged.resolve("usr/c")));
        assertEquals("a from 1", Files.readString(merged.resolve("etc/link")));
        try (Stream<Path> s = Files.list(merged)) {
            assertEquals(List.of("bin", "etc", "usr"), s.map(x -> x.getFileName().toString()).sorted().toList());
        }
        String options = mountOptions(merged);
        assertTrue(options.contains("lowerdir=" + store.paths().links()), options);
    }

    @Test
    void aLongLayerChainStillFitsInOneMountCall() throws IOException {
        List<byte[]> layers = TestImages.layers("f", 120);
        TestImages.add(store, "long", layers, "long");
        rootfs.prepare("deep", "long");
        Path merged = rootfs.mount("deep");
        for (int i = 0; i < 120; i += 17) {
            assertEquals("f " + i, Files.readString(merged.resolve("f" + i)));
        }
        assertEquals("f 119", Files.readString(merged.resolve("f119")));
        String options = mountOptions(merged);
        assertTrue(options.contains("lowerdir=/proc/self/fd/"), "named through a descriptor: " + options.substring(0, 200));
        rootfs.remove("deep");
        assertFalse(Files.exists(merged));
    }

    @Test
    void anImageWithoutLayersMountsAnEmptyRootfs() throws IOException {
        try (StoreTransaction tx = store.begin()) {
            tx.registerImage(TestImages.config(List.of(), "empty"), null, null, List.of("scratch:1"), List.of());
        }
        rootfs.prepare("e1", "scratch:1");
        Path merged = rootfs.mount("e1");
        try (Stream<Path> s = Files.list(merged)) {
            assertEquals(0, s.count());
        }
        Files.writeString(merged.resolve("x"), "y");
        rootfs.remove("e1");
        assertFalse(Files.exists(store.paths().containerDir("e1")));
    }

    @Test
    void brokenRootfsOfUnknownContainersAreUnmountedAndRemoved() throws IOException {
        TestImages.add(store, "b", List.of(Tars.tar(Tars.files("f", "1"))), "b");
        rootfs.prepare("known", "b");
        rootfs.prepare("orphan-mounted", "b");
        rootfs.prepare("orphan", "b");
        rootfs.mount("known");
        Path orphanMerged = rootfs.mount("orphan-mounted");
        Files.createDirectories(store.paths().containerDir("no-record").resolve("merged"));

        List<String> removed = rootfs.removeBroken(Set.of("known"));
        assertEquals(Set.of("orphan-mounted", "orphan", "no-record"), Set.copyOf(removed));
        assertFalse(mounts.isMounted(orphanMerged));
        assertEquals(Set.of("known"), store.containerFolders());
        assertEquals(Set.of("known"), store.containerIds());
        assertTrue(rootfs.isMounted("known"));
        assertEquals(2, store.layerUsers(store.images().get(0).topLayer()));
    }

    @Test
    void mountingAnUnknownContainerOrImageIsAClearError() throws IOException {
        EngineException noRootfs = assertThrows(EngineException.class, () -> rootfs.mount("nobody"));
        assertEquals(EngineException.Kind.NOT_FOUND, noRootfs.kind());
        EngineException noImage = assertThrows(EngineException.class, () -> rootfs.prepare("c", "missing:1"));
        assertEquals("No such image: missing:1", noImage.getMessage());
        assertEquals(Set.of(), store.containerFolders());
    }

    @Test
    void aMountedRootfsIsNeverDeletedThroughItsMount() throws IOException {
        byte[] layer = Tars.tar(Tars.files("keep", "layer content"));
        TestImages.add(store, "k", List.of(layer), "k");
        rootfs.prepare("m", "k");
        rootfs.mount("m");
        IOException e = assertThrows(IOException.class, () -> store.removeContainer("m"));
        assertTrue(e.getMessage().contains("still mounted"), e.getMessage());
        assertEquals("layer content", Files.readString(store.paths().layerDiff(Digest.sha256(layer).hex()).resolve("keep")));
        rootfs.remove("m");
    }

    private static String mountOptions(Path merged) throws IOException {
        String real = merged.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals(real)) {
                return line;
            }
        }
        return "";
    }
}
