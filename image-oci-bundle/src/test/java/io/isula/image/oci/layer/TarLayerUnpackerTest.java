package io.isula.image.oci.layer;

import io.isula.image.oci.model.Digest;
import io.isula.image.oci.sys.Libc;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarLayerUnpackerTest {
    private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0x80, 0, 0,
            0, 0, 0, 0};

    @TempDir
    Path tmp;
    Path layer;
    Path outside;
    private List<String> outsideBefore;

    private final TarLayerUnpacker unpacker = new TarLayerUnpacker();

    @BeforeEach
    void dirs() throws IOException {
        layer = Files.createDirectory(tmp.resolve("layer"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "host file");
        outsideBefore = listing(tmp, layer);
    }

    private UnpackedLayer unpack(byte[] data) throws IOException {
        return unpacker.unpack(new ByteArrayInputStream(data), layer);
    }

    private LayerException refused(byte[] data) {
        LayerException e = assertThrows(LayerException.class, () -> unpack(data));
        assertEquals(outsideBefore, listing(tmp, layer), "nothing may change outside the layer directory");
        assertEquals("host file", read(outside.resolve("passwd")));
        return e;
    }

    private void refusedWith(byte[] data, String fragment) {
        String message = refused(data).getMessage();
        assertTrue(message.contains(fragment), "\"" + fragment + "\" not in: " + message);
    }

    private Libc.Stat stat(String rel) throws IOException {
        return Libc.lstat(Libc.path(layer.resolve(rel).toString()));
    }

    @Test
    void everyKindOfEntryWithOwnersModesTimesAndXattrs() throws Exception {
        TarArchiveEntry ro = TestTar.entry("ro/", TarConstants.LF_DIR, 0555);
        ro.setIds(7, 8);
        TarArchiveEntry tmpDir = TestTar.entry("tmp/", TarConstants.LF_DIR, 01777);
        TarArchiveEntry suid = TestTar.entry("ro/su", TarConstants.LF_NORMAL, 04755);
        suid.setIds(1000, 1001);
        TarArchiveEntry ping = TestTar.entry("ping", TarConstants.LF_NORMAL, 0755);
        TarArchiveEntry chr = TestTar.entry("dev/null", TarConstants.LF_CHR, 0666);
        chr.setDevMajor(1);
        chr.setDevMinor(3);
        TarArchiveEntry blk = TestTar.entry("dev/sda", TarConstants.LF_BLK, 0660);
        blk.setDevMajor(8);
        blk.setDevMinor(0);
        blk.setIds(0, 6);
        TarArchiveEntry fifo = TestTar.entry("run/fifo", TarConstants.LF_FIFO, 0620);
        TarArchiveEntry link = TestTar.entry("abs", TarConstants.LF_SYMLINK, 0777);
        link.setLinkName("/nonexistent//target/");
        link.setIds(3, 4);

        Map<String, byte[]> pax = new LinkedHashMap<>();
        pax.put("SCHILY.xattr.security.capability", CAPABILITY);
        pax.put("SCHILY.xattr.user.note", "a=b\nc".getBytes(StandardCharsets.UTF_8));
        pax.put("mtime", "1234567890.123456789".getBytes(StandardCharsets.US_ASCII));

        byte[] tar = new TestTar().add(ro).add(suid, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII)).add(tmpDir)
                .pax(pax).add(ping, new byte[5000]).add(chr).add(blk).add(fifo).add(link)
                .hardLink("ro/su-again", "./ro/su").file("caf\u00e9/\u00e9t\u00e9", "summer").bytes();
        UnpackedLayer result = unpack(tar);

        assertEquals(Digest.sha256(tar), result.diffId());
        assertEquals(10 + 5000 + 6 + "/nonexistent//target/".length() + 10, result.size(),
                "iSulad's size: st_size of every non-directory entry (files, symlink targets, each hard link name)");

        Libc.Stat roStat = stat("ro");
        assertTrue(roStat.isDirectory());
        assertEquals(0555, roStat.permissions());
        assertEquals(7, roStat.uid());
        assertEquals(8, roStat.gid());
        assertEquals(TestTar.MTIME.toMillis() / 1000, roStat.mtimeSeconds(), "directory times set after its files");
        assertEquals(01777, stat("tmp").permissions());

        Libc.Stat su = stat("ro/su");
        assertEquals(04755, su.permissions());
        assertEquals(1000, su.uid());
        assertEquals(1001, su.gid());
        assertEquals(2, su.nlink());
        assertEquals(su.inode(), stat("ro/su-again").inode());
        assertEquals("#!/bin/sh\n", read(layer.resolve("ro/su")));

        Libc.Stat pingStat = stat("ping");
        assertEquals(0755, pingStat.permissions());
        assertEquals(1234567890, pingStat.mtimeSeconds());
        assertEquals(123456789, pingStat.mtimeNanos());
        assertArrayEquals(CAPABILITY, Libc.getXattr(Libc.path(layer.resolve("ping").toString()), "security.capability"));
        assertArrayEquals("a=b\nc".getBytes(StandardCharsets.UTF_8),
                Libc.getXattr(Libc.path(layer.resolve("ping").toString()), "user.note"));

        Libc.Stat nul = stat("dev/null");
        assertEquals(Libc.S_IFCHR, nul.type());
        assertEquals(0666, nul.permissions());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        Libc.Stat sda = stat("dev/sda");
        assertEquals(Libc.S_IFBLK, sda.type());
        assertEquals(8, sda.rdevMajor());
        assertEquals(6, sda.gid());
        assertEquals(Libc.S_IFIFO, stat("run/fifo").type());
        assertEquals(0620, stat("run/fifo").permissions());

        Libc.Stat abs = stat("abs");
        assertTrue(abs.isSymlink());
        assertEquals(3, abs.uid());
        assertEquals(4, abs.gid());
        assertEquals(TestTar.MTIME.toMillis() / 1000, abs.mtimeSeconds());
        assertArrayEquals("/nonexistent//target/".getBytes(StandardCharsets.US_ASCII),
                Libc.readlink(Libc.path(layer.resolve("abs").toString())));

        Libc.Stat summer = Libc.lstat(Libc.path(layer + "/caf\u00e9/\u00e9t\u00e9")); // not Path: locale-independent
        assertEquals(6, summer.size());
        assertEquals(0755, Libc.lstat(Libc.path(layer + "/caf\u00e9")).permissions(), "implicit parents are 0755");
    }

    @Test
    void diffIdCoversTheWholeUncompressedStreamWhateverTheCompression() throws Exception {
        byte[] tar = new TestTar().file("a", "x".repeat(3000)).file("b", "y").bytes();
        assertEquals(10240, tar.length, "GNU-style padding to a 10 KiB block");
        byte[] trailing = Arrays.copyOf(tar, tar.length + 700);
        Digest expected = Digest.sha256(trailing);
        List<byte[]> forms = List.of(trailing, TestTar.gzip(trailing), TestTar.zstd(trailing),
                concat(TestTar.gzip(Arrays.copyOf(trailing, 4000)), TestTar.gzip(Arrays.copyOfRange(trailing, 4000,
                        trailing.length))),
                concat(TestTar.zstd(Arrays.copyOf(trailing, 4000)), TestTar.zstd(Arrays.copyOfRange(trailing, 4000,
                        trailing.length))));
        for (byte[] form : forms) {
            clear(layer);
            ByteArrayInputStream in = new ByteArrayInputStream(form);
            UnpackedLayer result = unpacker.unpack(in, layer);
            assertEquals(expected, result.diffId());
            assertEquals(3001, result.size());
            assertEquals(0, in.available(), "the blob is read to its end");
            assertEquals("x".repeat(3000), read(layer.resolve("a")));
        }
    }

    @Test
    void anEmptyTarIsAnEmptyLayerButZeroBytesAreNot() throws Exception {
        UnpackedLayer empty = unpack(new byte[1024]);
        assertEquals(Digest.sha256(new byte[1024]), empty.diffId());
        assertEquals(0, empty.size());
        try (Stream<Path> s = Files.list(layer)) {
            assertEquals(0, s.count());
        }
        refusedWith(new byte[0], "empty (0 bytes)");
        refusedWith(TestTar.gzip(new byte[0]), "not a tar stream");
    }

    @Test
    void whiteoutsBecomeOverlayfsWhiteoutsAndOpaqueDirectories() throws Exception {
        TarArchiveEntry whiteout = TestTar.entry("etc/.wh.gone", TarConstants.LF_NORMAL, 0);
        byte[] tar = new TestTar().dir("etc/").add(whiteout).file("etc/keep", "k").file("etc/.wh.keep", "")
                .file(".wh.later", "").file("later", "here").dir("var/").file("var/.wh..wh..opq", "")
                .file("var/new", "n").file(".wh..wh.plnk", "").file("opt/.wh..wh..opq", "").bytes();
        unpack(tar);

        Libc.Stat gone = stat("etc/gone");
        assertEquals(Libc.S_IFCHR, gone.type());
        assertEquals(0, gone.rdevMajor());
        assertEquals(0, gone.rdevMinor());
        assertFalse(Files.exists(layer.resolve("etc/.wh.gone"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("k", read(layer.resolve("etc/keep")), "a whiteout hides only lower layers' files");
        assertEquals("here", read(layer.resolve("later")), "a later entry replaces the whiteout");
        assertArrayEquals(new byte[] {'y'}, xattr("var", "trusted.overlay.opaque"));
        assertArrayEquals(new byte[] {'y'}, xattr("opt", "trusted.overlay.opaque"));
        assertNull(xattr("etc", "trusted.overlay.opaque"));
        assertEquals("n", read(layer.resolve("var/new")));
        assertFalse(Files.exists(layer.resolve(".wh..wh.plnk")));
        assertFalse(Files.exists(layer.resolve("plnk")));
    }

    @Test
    void overlayXattrsInTheTarAreDropped() throws Exception {
        byte[] tar = new TestTar().pax(Map.of("SCHILY.xattr.trusted.overlay.opaque", new byte[] {'y'},
                "SCHILY.xattr.user.kept", new byte[] {1})).dir("d/")
                .pax(Map.of("SCHILY.xattr.trusted.overlay.redirect", "/x".getBytes(StandardCharsets.US_ASCII)))
                .file("f", "f").bytes();
        unpack(tar);
        assertNull(xattr("d", "trusted.overlay.opaque"));
        assertArrayEquals(new byte[] {1}, xattr("d", "user.kept"));
        assertNull(xattr("f", "trusted.overlay.redirect"));
    }

    @Test
    void laterEntriesReplaceEarlierOnesWithoutWritingThroughThem() throws Exception {
        byte[] tar = new TestTar().file("f", "one").file("f", "two")
                .dir("d/").file("d/old", "o").dir("d/")
                .file("x", "file").dir("x/").file("x/inside", "i")
                .dir("y/").file("y/child", "c").file("y", "now a file")
                .symlink("s", outside.resolve("passwd").toString()).file("s", "replaced")
                .file("h", "h").hardLink("h2", "h").file("h2", "new inode")
                .bytes();
        unpack(tar);
        assertEquals("two", read(layer.resolve("f")));
        assertEquals("o", read(layer.resolve("d/old")), "an existing directory keeps its contents");
        assertEquals("i", read(layer.resolve("x/inside")));
        assertEquals("now a file", read(layer.resolve("y")));
        assertTrue(stat("s").isRegularFile());
        assertEquals("replaced", read(layer.resolve("s")));
        assertEquals("host file", read(outside.resolve("passwd")));
        assertEquals("h", read(layer.resolve("h")));
        assertEquals(1, stat("h").nlink());
    }

    @Test
    void aDirectoryReplacedByASymlinkIsForgotten() {
        LayerException e = refused(new TestTar().dir("d/").file("d/a", "a").symlink("d", outside.toString())
                .file("d/b", "b").bytes());
        assertTrue(e.getMessage().contains("\"d/b\""), e.getMessage());
        assertTrue(e.getMessage().contains("symbolic link d"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/x", "../outside/passwd", "a/../../x", "./../x", "a/b/../../../x", "/etc/x",
            "/outside-abs"})
    void namesLeavingTheLayerAreRefused(String name) {
        LayerException e = refused(new TestTar().file("first", "1").file(name, "evil").bytes());
        assertTrue(e.getMessage().startsWith("layer entry \"" + name + "\": the name "), e.getMessage());
    }

    @Test
    void dotDotThatStaysInsideIsFine() throws Exception {
        unpack(new TestTar().file("a/../b", "b").file("./c/./d/../e", "e").bytes());
        assertEquals("b", read(layer.resolve("b")));
        assertEquals("e", read(layer.resolve("c/e")));
    }

    @Test
    void aFileThroughASymlinkToTheRootIsRefused() {
        String probe = "isula-layer-test-" + Long.toHexString(new Random().nextLong());
        LayerException e = refused(new TestTar().symlink("etc", "/").file("etc/" + probe, "evil").bytes());
        assertTrue(e.getMessage().contains("symbolic link etc"), e.getMessage());
        assertFalse(Files.exists(Path.of("/" + probe)));
    }

    @Test
    void aFileThroughARelativeSymlinkClimbingOutIsRefused() {
        refused(new TestTar().symlink("a", "../../..").file("a/b", "evil").bytes());
        refused(new TestTar().dir("d/").symlink("d/l", "../../outside").file("d/l/x", "evil").bytes());
        refused(new TestTar().symlink("l", outside.toString()).dir("l/sub/").bytes());
        refused(new TestTar().symlink("l", outside.toString()).symlink("l/s", "/").bytes());
        refused(new TestTar().symlink("l", outside.toString()).file("l/.wh.passwd", "").bytes());
        refused(new TestTar().symlink("l", outside.toString()).file("l/.wh..wh..opq", "").bytes());
    }

    @Test
    void hardLinksOutOfTheLayerAreRefused() {
        refusedWith(new TestTar().hardLink("pw", "/etc/passwd").bytes(), "absolute path");
        refusedWith(new TestTar().hardLink("pw", "../outside/passwd").bytes(), "leads out of the layer directory");
        refusedWith(new TestTar().hardLink("pw", "nothere").bytes(), "not in this layer");
        refused(new TestTar().symlink("l", outside.toString()).hardLink("pw", "l/passwd").bytes());
        refused(new TestTar().symlink("l", "/etc").hardLink("pw", "l/passwd").bytes());
        refused(new TestTar().dir("d/").hardLink("d2", "d").bytes());
    }

    @Test
    void aHardLinkToASymlinkLinksTheSymlink() throws Exception {
        unpack(new TestTar().symlink("l", outside.resolve("passwd").toString()).hardLink("l2", "l").bytes());
        assertTrue(stat("l2").isSymlink());
        assertEquals(2, stat("l").nlink());
    }

    @Test
    void absurdSpecialHeadersAreRefusedBeforeTheyAreRead() {
        TarArchiveEntry pax = TestTar.entry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644);
        pax.setSize(1L << 40);
        byte[] header = headerOnly(pax);
        refusedWith(header, "1099511627776 bytes");

        TarArchiveEntry longName = TestTar.entry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, 0644);
        longName.setSize(64L << 20);
        refusedWith(headerOnly(longName), "limit");
    }

    @Test
    void malformedPaxRecordsAreRefused() {
        TarArchiveEntry pax = TestTar.entry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644);
        byte[] bad = "99999 path=x\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(LayerException.class, () -> unpack(new TestTar().add(pax, bad).file("f", "f").bytes()));
    }

    @Test
    void truncatedStreamsAreRefused() {
        byte[] tar = new TestTar(512).file("a", "x".repeat(2000)).file("b", "y".repeat(100)).bytes();
        refusedWith(Arrays.copyOf(tar, 1024), "at entry \"a\": Truncated");
        refusedWith(Arrays.copyOf(tar, 512 * 6 + 100), "at entry \"b\": Truncated");
        refusedWith(Arrays.copyOf(tar, 512 * 7), "end-of-archive");
        refusedWith(Arrays.copyOf(tar, 512 * 5 + 100), "end-of-archive");
        byte[] gz = TestTar.gzip(tar);
        refused(Arrays.copyOf(gz, gz.length / 2));
        byte[] zst = TestTar.zstd(tar);
        refused(Arrays.copyOf(zst, zst.length - 8));
    }

    @Test
    void garbageIsNotATar() {
        byte[] random = new byte[8192];
        new Random(1).nextBytes(random);
        random[0] = 'x'; // no compression magic by chance
        refusedWith(random, "not a tar stream");
        refusedWith("hello, world\n".getBytes(StandardCharsets.US_ASCII), "not a tar stream");
        refusedWith(TestTar.gzip(random), "not a tar stream");
        byte[] badGzip = TestTar.gzip(random);
        Arrays.fill(badGzip, 20, 60, (byte) 0x55);
        refused(badGzip);
        refusedWith(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2}, "xz");
    }

    @Test
    void oddEntriesAreRefused() {
        refusedWith(new TestTar().file(".", "x").bytes(), "only a directory");
        refusedWith(new TestTar().file(".wh..", "").bytes(), "whiteout");
        refusedWith(new TestTar().symlink("s", "").bytes(), "empty target");
        refusedWith(new TestTar().add(TestTar.entry("vol", (byte) 'V', 0644)).bytes(), "unsupported");
        refusedWith(new TestTar().file("f", "f").file("f/g", "g").bytes(), "not a directory");
        refusedWith(new TestTar().file("x".repeat(300), "f").bytes(), "File name too long");
    }

    @Test
    void theCallersStreamFailureIsReportedAsItCame() {
        byte[] tar = new TestTar().file("a", "x".repeat(100_000)).bytes();
        IOException broken = new IOException("connection reset");
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position > 20_000) {
                    throw broken;
                }
                int n = Math.min(len, 1000);
                System.arraycopy(tar, position, b, off, n);
                position += n;
                return n;
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> unpacker.unpack(failing, layer));
        assertSame(broken, thrown);
    }

    @Test
    void namesAreKeptByteForByteEvenWhenNotUtf8() throws Exception {
        String latin1Name = "caf" + (char) 0xe9; // one byte 0xE9: not UTF-8
        byte[] longRaw = ("d/" + "n".repeat(150) + "\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] target = {'t', (byte) 0xff, '/', 'x'};
        byte[] tar = new TestTar(512, "ISO-8859-1").file(latin1Name, "latin")
                .pax(Map.of("path", longRaw, "linkpath", target)).symlink("placeholder", "placeholder").bytes();
        unpack(tar);
        List<byte[]> top = Libc.list(Libc.path(layer.toString()));
        assertTrue(top.stream().anyMatch(n -> Arrays.equals(n, new byte[] {'c', 'a', 'f', (byte) 0xe9})));
        byte[] link = Libc.child(Libc.path(layer.toString()), longRaw);
        assertArrayEquals(target, Libc.readlink(link));
        assertEquals(Set.of("d"), Set.copyOf(Libc.list(Libc.path(layer.toString())).stream()
                .filter(n -> n.length == 1).map(n -> new String(n, StandardCharsets.US_ASCII)).toList()));
    }

    @Test
    void aFailureStopsReadingAheadAndLeavesTheRestOfTheStreamAlone() throws Exception {
        byte[] hostile = new TestTar().file("../x", "evil").bytes();
        byte[] tail = new byte[50 << 20];
        int[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, 64 * 1024);
                int from = served[0];
                for (int i = 0; i < n; i++) {
                    int at = from + i;
                    b[off + i] = at < hostile.length - 1024 ? hostile[at] : tail[0];
                }
                served[0] += n;
                return n;
            }
        };
        assertThrows(LayerException.class, () -> unpacker.unpack(endless, layer));
        int servedAtReturn = served[0];
        assertTrue(servedAtReturn < 4 << 20, "read ahead only a few chunks: " + servedAtReturn);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (readAheadThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, readAheadThreads());
        assertEquals(servedAtReturn, served[0], "nothing read after unpack returned");
    }

    private static long readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("isula-layer-read-ahead"))
                .filter(Thread::isAlive).count();
    }

    @Test
    void manyFilesInManyDirectories() throws Exception {
        TestTar big = new TestTar();
        for (int d = 0; d < 5; d++) {
            big.dir("d" + d + "/");
            for (int f = 0; f < 100; f++) {
                big.file("d" + d + "/f" + f, "content " + f);
            }
        }
        UnpackedLayer result = unpack(TestTar.gzip(big.bytes()));
        try (Stream<Path> walk = Files.walk(layer)) {
            assertEquals(500, walk.filter(Files::isRegularFile).count());
        }
        assertEquals(5 * (10 * 9 + 90 * 10), result.size());
        assertEquals("content 42", read(layer.resolve("d4/f42")));
    }

    private byte[] xattr(String rel, String name) throws IOException {
        return Libc.getXattr(Libc.path(layer.resolve(rel).toString()), name);
    }

    /** Just the header block of {@code entry} (its declared size is not backed by data), then end blocks. */
    private static byte[] headerOnly(TarArchiveEntry entry) {
        byte[] header = new byte[512];
        try {
            entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true); // sizes > 8 GiB in binary
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Arrays.copyOf(header, 512 * 3);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void clear(Path dir) throws IOException {
        Libc.removeTree(Libc.path(dir.toString()));
        Files.createDirectory(dir);
    }

    /** Every path under {@code root} except inside {@code skip}, with its type and size. */
    private static List<String> listing(Path root, Path skip) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.startsWith(skip)).map(p -> {
                try {
                    Libc.Stat s = Libc.lstat(Libc.path(p.toString()));
                    return root.relativize(p) + " " + Integer.toOctalString(s.mode()) + " " + s.size();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
