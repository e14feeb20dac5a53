package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.isula.itest.registry.Compression;
import io.isula.itest.registry.ImageConfig;
import io.isula.itest.registry.LayerTar;
import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.OciLayout;
import io.isula.itest.registry.Platform;
import io.isula.itest.registry.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Images in and out of archives, checked against independent tools: skopeo writes the docker-archive and oci-archive
 * that {@code isula load} reads; GNU tar unpacks what {@code isula export} writes to the same files as the image's
 * layers give; tag/rmi keep or drop names; a base layer two images share is stored once and reference counted;
 * rmi refuses an image a container uses; {@code isula images} sizes.
 */
class ImageArchiveTest extends ImageE2eBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TAR_TIMEOUT = Duration.ofSeconds(60);

    // ---- load ----

    @Test
    void dockerArchiveWrittenBySkopeoLoadsAndRuns() {
        String name = "archive/docker:1";
        Path archive = skopeo().toDockerArchive(busybox().transportRef(), scratch("docker-archive-").resolve("a.tar"), name);
        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        assertEquals(busybox().config().hex(), imageId(name));
        assertEquals(TestImages.HELLO_TEXT, runImage(name));
        assertLoadOutput(r, archive, name);
    }

    @Test
    void ociArchiveWrittenBySkopeoLoadsAndRuns() {
        String name = "archive/oci:1";
        Path archive = skopeo().toOciArchive(busybox().transportRef(), scratch("oci-archive-").resolve("o.tar"), name);
        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        assertEquals(busybox().config().hex(), imageId(name));
        assertEquals(TestImages.HELLO_TEXT, runImage(name));
        assertLoadOutput(r, archive, name);
    }

    @Test
    void loadWithTagNamesTheImage() {
        Path archive = skopeo().toDockerArchive(busybox().transportRef(), scratch("tag-archive-").resolve("t.tar"),
                "archive/tagme:1");
        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString(), "--tag", "archive/renamed:7");
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        assertEquals(busybox().config().hex(), imageId("archive/renamed:7"));
        assertEquals(TestImages.HELLO_TEXT, runImage("archive/renamed:7"));
        assertLoadOutput(r, archive, "archive/renamed:7");
    }

    @Test
    void multiImageDockerArchiveLoadsEveryImage() throws IOException {
        OciImage sibling = sibling("multi");
        Path dir = scratch("multi-archive-");
        Path a = skopeo().toDockerArchive(busybox().transportRef(), dir.resolve("a.tar"), "archive/multi-a:1");
        Path b = skopeo().toDockerArchive(sibling.transportRef(), dir.resolve("b.tar"), "archive/multi-b:1");
        // one docker-archive holding both: the files of both, and a manifest.json listing both images
        Path merged = Files.createDirectories(dir.resolve("merged"));
        ArrayNode manifests = JSON.createArrayNode();
        for (Path one : List.of(a, b)) {
            hostCommand(TAR_TIMEOUT, "tar", "-xf", one.toString(), "-C", merged.toString());
            JSON.readTree(merged.resolve("manifest.json").toFile()).forEach(manifests::add);
        }
        Files.deleteIfExists(merged.resolve("repositories"));
        Files.write(merged.resolve("manifest.json"), JSON.writeValueAsBytes(manifests));
        Path archive = dir.resolve("multi.tar");
        hostCommand(TAR_TIMEOUT, "tar", "-cf", archive.toString(), "-C", merged.toString(), ".");

        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        assertEquals(busybox().config().hex(), imageId("archive/multi-a:1"));
        assertEquals(sibling.config().hex(), imageId("archive/multi-b:1"));
        assertEquals(TestImages.HELLO_TEXT, runImage("archive/multi-a:1"));
        assertEquals("sibling multi\n", runImage("archive/multi-b:1", "cat", "/sibling.txt"));
        assertLoadOutput(r, archive, "archive/multi-a:1", "archive/multi-b:1");
    }

    // ---- import / export ----

    @Test
    void importOfARootfsTarballRuns() {
        Path tarball = scratch("import-").resolve("rootfs.tar");
        hostCommand(TAR_TIMEOUT, "tar", "--numeric-owner", "-cf", tarball.toString(), "-C", rootfs.path().toString(), ".");
        Result r = isula.run(PULL_TIMEOUT, "import", tarball.toString(), "imported/rootfs:1");
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        assertTrue(r.out().matches("sha256:[0-9a-f]{64}"), () -> "import prints the image id:\n" + r);
        assertEquals(r.out().substring(7), imageId("imported/rootfs:1"));
        assertEquals("imported-ok\n", runImage("imported/rootfs:1", "sh", "-c", "echo imported-ok"));
        assertEquals("0\n", runImage("imported/rootfs:1", "id", "-u"), "an imported image has no User: root");
    }

    @Test
    void exportUnpacksWithGnuTarToTheImagesFiles() throws IOException {
        String image = loadBusybox("archive/export:1");
        Path reference = referenceTree(scratch("reference-"));

        String name = uniqueName("export");
        String changed = uniqueName("export-changed");
        try {
            isula.ok("create", "-n", name, image);
            Path exported = exportAndUnpack(name, scratch("export-"));
            assertEquals(listing(reference), listing(exported), "isula export of a new container = the image's merged layers");
            assertSameFile(exported.resolve(TestImages.HELLO_PATH.substring(1)),
                    exported.resolve(TestImages.HARDLINK_PATH.substring(1)));

            // a container's changes are in its export: a new file, a removed file, a removed directory
            Result run = isula.run(PULL_TIMEOUT, "run", "-n", changed, "-u", "root", image, "sh", "-c",
                    "umask 022; echo added > /tmp/added.txt; rm /hello.txt; rm -r /data");
            assertEquals(0, run.exitCode(), () -> run + "\n" + daemon.logTail());
            Path exportedChanged = exportAndUnpack(changed, scratch("export-changed-"));
            Files.delete(reference.resolve("hello.txt"));
            Files2.deleteTree(reference.resolve("data"));
            Files.writeString(reference.resolve("tmp/added.txt"), "added\n");
            hostCommand(TAR_TIMEOUT, "chmod", "0644", reference.resolve("tmp/added.txt").toString());
            assertEquals(listing(reference), listing(exportedChanged), "the export shows the container's changes");
        } finally {
            removeContainers(name, changed);
        }
    }

    @Test
    void exportThenImportRoundTrip() throws IOException {
        String image = loadBusybox("archive/roundtrip-src:1");
        String first = uniqueName("roundtrip1");
        isula.ok("create", "-n", first, image);
        Path firstTar = scratch("roundtrip-").resolve("first.tar");
        try {
            isula.ok("export", "-o", firstTar.toString(), first);
        } catch (AssertionError e) {
            removeContainers(first);
            throw e;
        }
        Result imp = isula.run(PULL_TIMEOUT, "import", firstTar.toString(), "archive/roundtrip:1");
        assertEquals(0, imp.exitCode(), () -> imp + "\n" + daemon.logTail());
        assertEquals(TestImages.HELLO_TEXT, runImage("archive/roundtrip:1", "cat", "/hello.txt"));

        String second = uniqueName("roundtrip2");
        try {
            // an imported image has no Cmd: the container needs one
            isula.ok("create", "-n", second, "archive/roundtrip:1", "true");
            Path a = unpack(firstTar, scratch("roundtrip-a-"));
            Path b = exportAndUnpack(second, scratch("roundtrip-b-"));
            assertEquals(listing(a), listing(b), "export → import → export gives the same files");
        } finally {
            removeContainers(first, second);
        }
    }

    // ---- names, layers, removal ----

    @Test
    void tagThenRmiOfOneNameKeepsTheOther() {
        String image = loadBusybox("archive/tag-src:1");
        isula.ok("tag", image, "archive/tag-alias:2");
        assertEquals(imageId(image), imageId("archive/tag-alias:2"));
        assertTrue(listedNames().containsAll(List.of(image, "archive/tag-alias:2")), () -> listedNames().toString());

        Result rmi = isula.ok("rmi", "archive/tag-alias:2");
        assertEquals("Image \"archive/tag-alias:2\" removed", rmi.out());
        assertFalse(listedNames().contains("archive/tag-alias:2"));
        assertTrue(listedNames().contains(image));
        assertEquals(TestImages.HELLO_TEXT, runImage(image));
    }

    @Test
    void aSharedBaseLayerIsStoredOnceAndKeptWhileUsed() throws IOException {
        String tag = uniqueName("base");
        LayerTar base = LayerTar.fromDirectory(rootfs.path()).file("/base-" + tag + ".txt", "base " + tag + "\n", 0644);
        Path layoutDir = scratch("shared-");
        OciImage a = TestImages.image(layoutDir, "a", ImageConfig.minimal(Platform.host()), Compression.GZIP,
                List.of(base, new LayerTar().file("/a.txt", "a\n", 0644)));
        OciImage b = TestImages.image(layoutDir, "b", ImageConfig.minimal(Platform.host()), Compression.GZIP,
                List.of(base, new LayerTar().file("/b.txt", "b\n", 0644)));
        assertEquals(a.layerDigests().get(0), b.layerDigests().get(0), "the fixture: one base layer blob");

        Set<String> layersBefore = storedLayers();
        load(skopeo().toDockerArchive(a.transportRef(), layoutDir.resolve("a.tar"), "shared/a:1"));
        Set<String> withA = storedLayers();
        assertEquals(2, withA.size() - layersBefore.size(), () -> "image a adds its two layers: " + withA);
        load(skopeo().toDockerArchive(b.transportRef(), layoutDir.resolve("b.tar"), "shared/b:1"));
        Set<String> withBoth = storedLayers();
        assertEquals(1, withBoth.size() - withA.size(), () -> "image b adds only its own top layer, the base is shared: " + withBoth);
        assertEquals(1, layersWithDiffId(a.diffIds().get(0)), "one stored layer for the base");

        isula.ok("rmi", "shared/a:1");
        Set<String> afterA = storedLayers();
        assertEquals(withBoth.size() - 1, afterA.size(), () -> "rmi a drops only a's top layer: " + afterA);
        assertEquals(1, layersWithDiffId(a.diffIds().get(0)), "the base stays: b uses it");
        assertEquals("b\n" + "base " + tag + "\n", runImage("shared/b:1", "cat", "/b.txt", "/base-" + tag + ".txt"));

        isula.ok("rmi", "shared/b:1");
        assertEquals(layersBefore, storedLayers(), "nothing uses the base any more: it is removed");
    }

    @Test
    void rmiOfAnImageAContainerUsesIsRefusedUnlessForced() {
        // an image of its own (no other name of it anywhere): busybox's layers and a unique top layer
        String image = "archive/inuse:1";
        OciImage own = sibling(uniqueName("inuse"));
        load(skopeo().toDockerArchive(own.transportRef(), scratch("inuse-").resolve("inuse.tar"), image));
        String name = uniqueName("inuse");
        try {
            rmiOfAnImageInUse(image, name);
        } finally {
            removeContainers(name);
        }
    }

    private void rmiOfAnImageInUse(String image, String name) {
        String id = isula.ok("create", "-n", name, image, "cat", "/sibling.txt").out();
        Result refused = isula("rmi", image);
        assertNotEquals(0, refused.exitCode(), () -> "rmi of an image a container uses must fail:\n" + refused);
        assertTrue(refused.stderr().contains(id.substring(0, 12)) || refused.stderr().contains(name),
                () -> "the error must name the container using it:\n" + refused);
        assertTrue(listedNames().contains(image), "the image is still there");

        Result forced = isula("rmi", "-f", image);
        assertEquals(0, forced.exitCode(), () -> forced + "\n" + daemon.logTail());
        assertFalse(listedNames().contains(image));
        // the container keeps its layers
        Result start = isula.run(PULL_TIMEOUT, "start", name);
        assertEquals(0, start.exitCode(), () -> start + "\n" + daemon.logTail());
        Result wait = isula.run(PULL_TIMEOUT, "wait", name);
        assertEquals("0", wait.out(), wait::toString);
        awaitLog(name, "sibling e2e-inuse-", Duration.ofSeconds(10));
        isula.ok("rm", name);
    }

    @Test
    void imagesListsSizesAsIsulad() throws IOException {
        String image = loadBusybox("archive/sized:1");
        // iSulad: a layer's size is util_calculate_dir_size of its unpacked diff folder (st_size of every entry but
        // folders: files, each hard-link name, symlinks), an image's the sum over its layers
        long expected = 0;
        for (io.isula.itest.registry.Layer l : busybox().layers()) {
            Path dir = unpack(busybox().layout().resolve("blobs/sha256").resolve(l.blob().hex()), scratch("size-"));
            expected += nonDirectoryBytes(dir);
        }
        JsonNode listed = null;
        for (JsonNode i : imagesJson()) {
            for (JsonNode t : i.path("RepoTags")) if (t.asText().equals(image)) listed = i;
        }
        assertTrue(listed != null, () -> "GET /images/json lists " + image);
        long size = listed.path("Size").asLong();
        Result images = isula.ok("images");
        String line = images.lines().stream().filter(l -> l.startsWith("archive/sized ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + image + ":\n" + images));
        assertTrue(line.contains(busybox().config().hex().substring(0, 12)), line);
        assertTrue(line.endsWith(humanSize(size)), () -> "SIZE in decimal units: " + humanSize(size) + "\n" + line);
        assertEquals(List.of("REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"), List.of(images.lines().get(0).split("\\s+")));
        Result quiet = isula.ok("images", "-q");
        assertTrue(quiet.lines().contains(busybox().config().hex().substring(0, 12)), quiet::toString);
        assertEquals(expected, size, "Size = the sum of the st_size of every non-folder entry of each unpacked layer (iSulad)");
    }

    // ---- helpers ----

    /** "Loaded image: NAME" once per image, in order, and the success line last; progress lines may come before. */
    private static void assertLoadOutput(Result r, Path archive, String... names) {
        List<String> loaded = r.lines().stream().filter(l -> l.startsWith("Loaded image: ")).toList();
        assertEquals(java.util.Arrays.stream(names).map(n -> "Loaded image: " + n).toList(), loaded,
                () -> "one 'Loaded image' line per image:\n" + r);
        assertEquals("Load image from \"" + archive + "\" success", r.lines().get(r.lines().size() - 1), r::toString);
    }

    /** {@code isula rm -f} of containers a test made, whatever happened in it. */
    private void removeContainers(String... names) {
        for (String n : names) isula("rm", "-f", n);
    }

    private static long nonDirectoryBytes(Path root) throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                total += (Long) Files.getAttribute(p, "unix:size", LinkOption.NOFOLLOW_LINKS);
            }
        }
        return total;
    }

    /** Loads the busybox image named {@code nameTag} from a skopeo docker-archive; returns the name. */
    private String loadBusybox(String nameTag) {
        Path archive = skopeo().toDockerArchive(busybox().transportRef(), scratch("busybox-archive-").resolve("bb.tar"), nameTag);
        load(archive);
        return nameTag;
    }

    private void load(Path archive) {
        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
    }

    /** An image sharing busybox's base layer, with /sibling.txt on top; in the busybox layout. */
    private OciImage sibling(String word) {
        OciLayout layout = OciLayout.open(busybox().layout());
        List<io.isula.itest.registry.Layer> layers = List.of(busybox().layers().get(0),
                layout.writeLayer(new LayerTar().file("/sibling.txt", "sibling " + word + "\n", 0644), Compression.GZIP));
        return layout.tag(layout.writeImage(ImageConfig.minimal(Platform.host()), layers), "sibling-" + word);
    }

    /** The busybox image's files as GNU tar unpacks its layers, whiteouts and opaque directories applied by hand. */
    private Path referenceTree(Path dir) throws IOException {
        OciImage bb = busybox();
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        for (int i = 0; i < bb.layers().size(); i++) {
            Path blob = bb.layout().resolve("blobs/sha256").resolve(bb.layers().get(i).blob().hex());
            if (i == 2) {
                Files.delete(root.resolve(TestImages.WHITED_OUT.substring(1)));
                for (String hidden : TestImages.OPAQUE_HIDDEN) Files.delete(root.resolve(hidden.substring(1)));
                hostCommand(TAR_TIMEOUT, "tar", "--numeric-owner", "-xpzf", blob.toString(), "-C", root.toString(), "--exclude=.wh.*");
            } else {
                hostCommand(TAR_TIMEOUT, "tar", "--numeric-owner", "-xpzf", blob.toString(), "-C", root.toString());
            }
        }
        return root;
    }

    private Path exportAndUnpack(String container, Path dir) {
        Path tar = dir.resolve("export.tar");
        Result r = isula.run(PULL_TIMEOUT, "export", "-o", tar.toString(), container);
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        Result names = hostCommand(TAR_TIMEOUT, "tar", "-tf", tar.toString());
        assertTrue(names.lines().stream().noneMatch(n -> n.contains(".wh.")), () -> "no whiteout in an export:\n" + names.stdout());
        return unpack(tar, dir);
    }

    private static Path unpack(Path tar, Path dir) {
        try {
            Path root = Files.createDirectories(dir.resolve("rootfs"));
            hostCommand(TAR_TIMEOUT, "tar", "--numeric-owner", "-xpf", tar.toString(), "-C", root.toString());
            return root;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** path → type, mode, owner, and size + sha256 (files) or target (symlinks); the root itself left out. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "l -> " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    what = "d " + Integer.toOctalString(mode & 07777);
                } else {
                    what = "f " + Integer.toOctalString(mode & 07777) + " " + Files.size(p) + " " + sha256(Files.readAllBytes(p));
                }
                out.put(root.relativize(p).toString(), what + " " + uid + ":" + gid);
            }
        }
        return out;
    }

    private static void assertSameFile(Path a, Path b) throws IOException {
        assertEquals(Files.getAttribute(a, "unix:ino"), Files.getAttribute(b, "unix:ino"), a + " and " + b + " are one file");
    }

    /** The non-temporary layer ids of the store (docs/storage.md: overlay-layers/ID/layer.json). */
    private Set<String> layerRecords() {
        Set<String> ids = new java.util.TreeSet<>();
        for (String n : children(storage().resolve("overlay-layers"))) if (!n.startsWith(".")) ids.add(n);
        return ids;
    }

    /** The layer ids of the store as its records say, checked against its content folders (overlay/ID). */
    private Set<String> storedLayers() {
        Set<String> records = layerRecords();
        Set<String> dirs = new java.util.TreeSet<>();
        for (String n : children(storage().resolve("overlay"))) if (!n.startsWith(".") && !n.equals("l")) dirs.add(n);
        assertEquals(records, dirs, "one overlay/ID folder per layer record, no more");
        return records;
    }

    private int layersWithDiffId(String diffId) throws IOException {
        int n = 0;
        for (String id : storedLayers()) {
            JsonNode layer = JSON.readTree(storage().resolve("overlay-layers").resolve(id).resolve("layer.json").toFile());
            if (layer.path("diff-digest").asText().equals(diffId)) n++;
        }
        return n;
    }

    private static String humanSize(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.3f %s", v, units[u]);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
