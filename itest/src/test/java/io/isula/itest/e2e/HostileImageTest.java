package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.isula.itest.registry.Compression;
import io.isula.itest.registry.ImageConfig;
import io.isula.itest.registry.LayerTar;
import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.Platform;
import io.isula.itest.registry.RegistryServer;
import io.isula.itest.registry.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * Hostile images (issue 3, item 4), pulled from a real registry and loaded from archives: layers whose entries try to
 * write outside the layer ({@code ../}, absolute names, through a symlink to {@code /}, a hard link to a host file),
 * blobs that are tampered with, truncated or missing, a registry that hangs up mid-layer, archives with a bad
 * manifest.json and an empty file. Each: a clear error, nothing written outside the store (a sentinel folder the
 * entries aim at, /etc), no image registered, the daemon still serving.
 */
class HostileImageTest extends ImageE2eBase {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET_TEXT = "host secret, must stay as it is\n";

    private RegistryServer registry;
    private Path sentinelDir;
    private Path secret;
    private String passwdBefore;
    private Object passwdLinks;

    @Override
    protected void startFixtures() {
        registry = keep(RegistryServer.plain());
        try {
            sentinelDir = Files.createTempDirectory(Path.of("/tmp"), "isula-hostile-target-");
            keep(() -> Files2.deleteTree(sentinelDir));
            secret = Files.writeString(sentinelDir.resolve("host-secret"), SECRET_TEXT);
            passwdBefore = Files.readString(Path.of("/etc/passwd"));
            passwdLinks = Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink");
        } catch (IOException e) {
            throw new AssertionError("cannot prepare the sentinel folder: " + e, e);
        }
    }

    // ---- layers that try to escape ----

    @Test
    void dotDotEntry() {
        String m = marker("dotdot");
        assertLayerRefused("dotdot", m, unique().raw("../../" + m, TarConstants.LF_NORMAL, pwned(), 0644, null));
    }

    @Test
    void dotDotEntryDeepEnoughToReachTheHostRoot() {
        String m = marker("deep");
        String target = "../".repeat(40) + sentinelDir.toString().substring(1) + "/" + m;
        assertLayerRefused("deep", m, unique().raw(target, TarConstants.LF_NORMAL, pwned(), 0644, null));
    }

    @Test
    void absolutePathEntries() {
        String m = marker("abs");
        assertLayerRefused("abs", m, unique().raw(sentinelDir + "/" + m, TarConstants.LF_NORMAL, pwned(), 0644, null));
        String e = marker("absetc");
        assertLayerRefused("absetc", e, unique().raw("/etc/" + e, TarConstants.LF_NORMAL, pwned(), 0644, null));
    }

    @Test
    void symlinkToRootFollowedByAFileThroughIt() {
        String m = marker("symlink");
        LayerTar t = unique().symlink("esc-" + m, "/")
                .raw("esc-" + m + sentinelDir + "/" + m, TarConstants.LF_NORMAL, pwned(), 0644, null);
        assertLayerRefused("symlink", m, t);
        String r = marker("relsymlink");
        LayerTar rel = unique().symlink("up-" + r, "../".repeat(20).replaceAll("/$", ""))
                .raw("up-" + r + sentinelDir + "/" + r, TarConstants.LF_NORMAL, pwned(), 0644, null);
        assertLayerRefused("relsymlink", r, rel);
    }

    @Test
    void hardLinkToAHostFileThenWritingThroughIt() {
        String m = marker("hardlink");
        LayerTar t = unique().raw("hl-" + m, TarConstants.LF_LINK, new byte[0], 0644, secret.toString())
                .raw("hl-" + m, TarConstants.LF_NORMAL, pwned(), 0644, null);
        assertLayerRefused("hardlink", m, t);
        String r = marker("relhardlink");
        LayerTar rel = unique().raw("hl-" + r, TarConstants.LF_LINK, new byte[0], 0644,
                        "../".repeat(40) + secret.toString().substring(1))
                .raw("hl-" + r, TarConstants.LF_NORMAL, pwned(), 0644, null);
        assertLayerRefused("relhardlink", r, rel);
    }

    // ---- blobs the registry serves wrongly ----

    @Test
    void blobWhoseDigestDoesNotMatch() throws IOException {
        String m = marker("tampered");
        OciImage image = push("tampered", unique().file("/payload-" + m, "A".repeat(4096), 0644), Compression.NONE);
        Path data = registryBlob(image.layerDigests().get(0));
        byte[] content = Files.readAllBytes(data);
        int at = new String(content, StandardCharsets.ISO_8859_1).indexOf("AAAA");
        content[at] = 'B'; // same size, still a valid tar: only the digest can tell
        Files.write(data, content);
        Result r = assertPullRefused(registry.ref("hostile/tampered:1"), image.layerDigests().get(0), m);
        assertTrue(r.stderr().toLowerCase(Locale.ROOT).contains("match"), () -> "the error must say the digest does not match:\n" + r);
    }

    @Test
    void truncatedBlob() throws IOException {
        String m = marker("truncated");
        OciImage image = push("truncated", unique().file("/payload-" + m, "x".repeat(64 * 1024), 0644), Compression.NONE);
        Path data = registryBlob(image.layerDigests().get(0));
        long size = Files.size(data);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        assertPullRefused(registry.ref("hostile/truncated:1"), image.layerDigests().get(0), m);
    }

    @Test
    void manifestPointingToAMissingBlob() throws IOException {
        String m = marker("missing");
        OciImage image = push("missing", unique(), Compression.GZIP);
        Path data = registryBlob(image.layerDigests().get(0));
        Files2.deleteTree(data.getParent());
        Result r = assertPullRefused(registry.ref("hostile/missing:1"), image.layerDigests().get(0), m);
        String msg = r.stderr().toLowerCase(Locale.ROOT);
        assertTrue(msg.contains("not found") || msg.contains("unknown"), () -> "the error must say it is missing:\n" + r);
    }

    /** The layer downloads before the config is read: a config that never comes stops it and leaves nothing. */
    @Test
    void manifestPointingToAMissingConfig() throws IOException {
        String m = marker("noconfig");
        OciImage image = TestImages.image(scratch("noconfig-"), "hostile-noconfig",
                ImageConfig.minimal(Platform.host()), Compression.GZIP,
                List.of(unique().file("/bulk-" + m, randomBytes(2 * 1024 * 1024), 0644, 0, 0)));
        skopeo().push(image, registry, "hostile/noconfig:1", null);
        Files2.deleteTree(registryBlob(image.config().digest()).getParent());
        Result r = assertPullRefused(registry.ref("hostile/noconfig:1"), image.config().digest(), m);
        String msg = r.stderr().toLowerCase(Locale.ROOT);
        assertTrue(msg.contains("not found") || msg.contains("unknown"),
                () -> "the error must say it is missing:\n" + r);
    }

    @Test
    void registryClosingTheConnectionMidDownload() {
        String m = marker("halfway");
        OciImage image = TestImages.image(scratch("halfway-"), "halfway", ImageConfig.minimal(Platform.host()), Compression.GZIP,
                List.of(unique().file("/bulk-" + m, randomBytes(512 * 1024), 0644, 0, 0)));
        try (HalfwayRegistry halfway = HalfwayRegistry.serve(image, "hostile/halfway", "1")) {
            assertPullRefused(halfway.hostPort() + "/hostile/halfway:1", image.layerDigests().get(0), m);
            assertTrue(halfway.layerAttempts() >= 1, () -> "the layer was asked for: " + halfway.requests());
        }
    }

    // ---- archives ----

    @Test
    void archiveWithAManifestJsonThatIsNotJson() throws IOException {
        Path archive = tar("bad-manifest.tar", List.of(new TarFile("manifest.json", "this is { not json".getBytes(StandardCharsets.UTF_8)),
                new TarFile("layer.tar", new LayerTar().file("/x", "x", 0644).toTar())));
        Result r = assertLoadRefused(archive);
        assertTrue(r.stderr().contains("manifest.json"), () -> "the error must name manifest.json:\n" + r);
    }

    @Test
    void archiveWhoseManifestJsonNamesFilesItLacks() throws IOException {
        String manifest = "[{\"Config\":\"nope-config.json\",\"RepoTags\":[\"hostile/lacking:1\"],\"Layers\":[\"nope/layer.tar\"]}]";
        Path archive = tar("lacking.tar", List.of(new TarFile("manifest.json", manifest.getBytes(StandardCharsets.UTF_8))));
        Result r = assertLoadRefused(archive);
        assertTrue(r.stderr().contains("nope-config.json") || r.stderr().contains("nope/layer.tar"),
                () -> "the error must name the missing file:\n" + r);
        assertFalse(listedNames().contains("hostile/lacking:1"));
    }

    @Test
    void zeroByteArchiveAndRootfsTarball() throws IOException {
        Path empty = Files.createFile(scratch("empty-").resolve("empty.tar"));
        Result load = assertLoadRefused(empty);
        assertTrue(load.stderr().toLowerCase(Locale.ROOT).matches("(?s).*(empty|0 bytes|not a tar).*"),
                () -> "the error must say the archive is empty:\n" + load);

        Set<String> before = listedIds();
        Result imp = isula("import", empty.toString(), "hostile/emptyimport:1");
        assertNotEquals(0, imp.exitCode(), () -> "import of a 0-byte file must fail:\n" + imp);
        assertTrue(imp.stderr().toLowerCase(Locale.ROOT).matches("(?s).*(empty|0 bytes|not a tar).*"),
                () -> "the error must say the tarball is empty:\n" + imp);
        assertEquals(before, listedIds(), "no image registered");
        assertUntouched("import of a 0-byte file", null);
        assertDaemonServes();
    }

    // ---- helpers ----

    /** Pushes the hostile layer as {@code hostile/NAME:1} and pulls it, then loads it as a docker-archive: both refused. */
    private void assertLayerRefused(String name, String marker, LayerTar layer) {
        OciImage image = push(name, layer, Compression.GZIP);
        assertPullRefused(registry.ref("hostile/" + name + ":1"), marker, marker);
        Path archive = skopeo().toDockerArchive(image.transportRef(), scratch("archive-").resolve(name + ".tar"),
                "hostile/" + name + "-archive:1");
        Result r = assertLoadRefused(archive);
        assertTrue(r.stderr().contains(marker), () -> "the error must name the entry:\n" + r);
        assertUntouched("load of " + name, marker);
    }

    /**
     * The pull fails with a message naming {@code mustName} (the offending entry, or blob) and leaves nothing behind:
     * no image, nothing named {@code marker} anywhere, the sentinels untouched.
     */
    private Result assertPullRefused(String ref, String mustName, String marker) {
        Set<String> before = listedIds();
        Result r = pull(ref);
        assertNotEquals(0, r.exitCode(), () -> "the pull of " + ref + " must fail:\n" + r + "\n" + daemon.logTail());
        assertFalse(r.stderr().isBlank(), r::toString);
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception:"), () -> "a message, not a stack trace:\n" + r);
        assertTrue(r.stderr().contains(mustName), () -> "the error must name " + mustName + ":\n" + r);
        assertEquals(before, listedIds(), () -> "no image may be registered by the failed pull of " + ref);
        assertNotEquals(0, isula("inspect", ref).exitCode(), ref + " must not be inspectable");
        assertUntouched("pull of " + ref, marker);
        assertDaemonServes();
        return r;
    }

    private Result assertLoadRefused(Path archive) {
        Set<String> before = listedIds();
        Result r = isula.run(PULL_TIMEOUT, "load", "-i", archive.toString());
        assertNotEquals(0, r.exitCode(), () -> "the load of " + archive + " must fail:\n" + r + "\n" + daemon.logTail());
        assertFalse(r.stderr().isBlank(), r::toString);
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception:"), () -> "a message, not a stack trace:\n" + r);
        assertFalse(r.stdout().contains("Loaded image"), r::toString);
        assertEquals(before, listedIds(), () -> "no image may be registered by the failed load of " + archive);
        assertDaemonServes();
        return r;
    }

    /**
     * Nothing outside the store: the sentinel folder holds only the untouched secret (one link), /etc has no
     * isula-hostile-* entry and the same /etc/passwd, and no file named {@code marker} exists anywhere under the
     * daemon's folder (the failed layer is gone too).
     */
    private void assertUntouched(String what, String marker) {
        try {
            assertEquals(List.of("host-secret"), children(sentinelDir), () -> what + " wrote into " + sentinelDir);
            assertEquals(SECRET_TEXT, Files.readString(secret), () -> what + " changed " + secret);
            assertEquals(1, Files.getAttribute(secret, "unix:nlink"), () -> what + " hard-linked " + secret);
            assertTrue(children(Path.of("/etc")).stream().noneMatch(n -> n.startsWith("isula-hostile-")),
                    () -> what + " wrote into /etc");
            assertEquals(passwdBefore, Files.readString(Path.of("/etc/passwd")), () -> what + " changed /etc/passwd");
            assertEquals(passwdLinks, Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink"), () -> what + " hard-linked /etc/passwd");
            if (marker != null) {
                try (Stream<Path> s = Files.walk(daemon.dir(), new FileVisitOption[0])) {
                    List<Path> found = s.filter(p -> p.getFileName().toString().contains(marker)).toList();
                    assertEquals(List.of(), found, () -> what + " left entries of the hostile layer under the daemon's folder");
                }
            }
        } catch (IOException e) {
            throw new AssertionError(what + ": cannot check the sentinel files: " + e, e);
        }
    }

    /** A one-layer image {@code hostile/NAME:1} on the registry. */
    private OciImage push(String name, LayerTar layer, Compression compression) {
        OciImage image = TestImages.image(scratch(name + "-"), "hostile-" + name, ImageConfig.minimal(Platform.host()),
                compression, List.of(layer));
        skopeo().push(image, registry, "hostile/" + name + ":1", null);
        return image;
    }

    /** The registry's storage file of a blob. */
    private Path registryBlob(String digest) {
        String hex = digest.substring("sha256:".length());
        Path data = registry.storageDir().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
        assertTrue(Files.isRegularFile(data), () -> "the registry stores " + digest + " at " + data);
        return data;
    }

    /** A layer that starts with a harmless, unique file (so no two test layers share a digest). */
    private static LayerTar unique() {
        return new LayerTar().file("/harmless-" + HexFormat.of().formatHex(randomBytes(8)) + ".txt", "fine\n", 0644);
    }

    /** A name no earlier run used; every entry of one hostile layer carries it. */
    private static String marker(String what) {
        return "isula-hostile-" + what + "-" + HexFormat.of().formatHex(randomBytes(4));
    }

    private static byte[] pwned() {
        return "written by a hostile layer\n".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private record TarFile(String name, byte[] content) {
    }

    private Path tar(String fileName, List<TarFile> files) throws IOException {
        Path out = scratch("archive-").resolve(fileName);
        try (OutputStream o = Files.newOutputStream(out); TarArchiveOutputStream t = new TarArchiveOutputStream(o)) {
            for (TarFile f : files) {
                TarArchiveEntry e = new TarArchiveEntry(f.name());
                e.setSize(f.content().length);
                e.setMode(0644);
                t.putArchiveEntry(e);
                t.write(f.content());
                t.closeArchiveEntry();
            }
        }
        return out;
    }
}
