package io.isula.image.oci.layer;

import io.isula.image.oci.sys.Libc;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.net.StandardProtocolFamily.UNIX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarTreeArchiverTest {
    private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0x80, 0, 0,
            0, 0, 0, 0};
    private static final String LONG_DIR = "d".repeat(150);
    private static final String LONG_FILE = "f".repeat(120);
    private static final String LONG_TARGET = "/t".repeat(80);

    @TempDir
    Path tmp;
    Path src;

    private final TarTreeArchiver archiver = new TarTreeArchiver();

    @BeforeEach
    void tree() throws Exception {
        src = Files.createDirectory(tmp.resolve("src"));
        mkdir("a", 0755, 0, 0);
        mkdir("ro", 0555, 0, 0);
        mkdir("tmp", 01777, 0, 0);
        mkdir("shared", 02775, 0, 100);
        mkdir(LONG_DIR, 0700, 5, 5);
        file("a/file", "plain", 0644, 0, 0);
        file("a/suid", "#!/bin/sh\n", 04755, 1000, 1000);
        file("a/sgid", "x", 02711, 0, 42);
        file("a/cap", "ping", 0755, 0, 0);
        Libc.setXattr(p("a/cap"), "security.capability", CAPABILITY);
        Libc.setXattr(p("a/file"), "user.note", "n\0te".getBytes(StandardCharsets.UTF_8));
        Libc.setXattr(p("a/file"), "trusted.private", new byte[] {1});
        file("ro/inside", "r", 0444, 0, 0);
        file("big-uid", "u", 0600, 3_000_000, 4_000_000);
        file(LONG_DIR + "/" + LONG_FILE, "long", 0640, 5, 5);
        file("caf\u00e9", "utf-8 name", 0644, 0, 0);
        Libc.link(p("a/file"), p("hard1"));
        Libc.link(p("a/file"), p(LONG_DIR + "/hard2"));
        Libc.symlink(Libc.path("/etc"), p("a/abs"));
        Libc.symlink(Libc.path("../nowhere/x"), p("a/dangling"));
        Libc.symlink(Libc.path(LONG_TARGET), p("long-link"));
        Libc.mknod(p("fifo"), Libc.S_IFIFO | 0620, 0, 0);
        Libc.mknod(p("null"), Libc.S_IFCHR | 0666, 1, 3);
        Libc.mknod(p("disk"), Libc.S_IFBLK | 0660, 259, 70000);
        try (ServerSocketChannel socket = ServerSocketChannel.open(UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(src.resolve("sock")));
        }
        for (String symlink : List.of("a/abs", "a/dangling", "long-link")) {
            Libc.setTimes(p(symlink), 1_500_000_000, 0, 1_500_000_001, 0);
        }
        for (String dir : List.of("a", "ro", "tmp", "shared", LONG_DIR, "")) {
            Libc.setTimes(p(dir), 1_400_000_000, 0, 1_400_000_000 + dir.length(), 0);
        }
    }

    @Test
    void gnuTarExtractsTheSameTree() throws Exception {
        Path tar = tmp.resolve("out.tar");
        try (var out = Files.newOutputStream(tar)) {
            archiver.write(src, out);
        }
        Path dst = Files.createDirectory(tmp.resolve("gnu"));
        run("tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-xpf", tar.toString(), "-C", dst.toString());

        List<String> expected = listing(src);
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("sock s ")), "the source holds a socket");
        expected = expected.stream().filter(l -> !l.startsWith("sock ")).toList();
        assertEquals(expected, listing(dst));
        assertArrayEquals(CAPABILITY, Libc.getXattr(Libc.path(dst.resolve("a/cap").toString()), "security.capability"));

        List<String> names = run("tar", "-tf", tar.toString());
        assertEquals("./", names.get(0));
        assertTrue(names.contains("./a/file"));
        assertTrue(names.contains("./" + LONG_DIR + "/" + LONG_FILE));
        assertTrue(names.contains("./caf\u00e9"));
        assertFalse(names.contains("./a/abs/passwd"), "a link to a directory is not followed");
        assertFalse(names.contains("./sock"));
    }

    @Test
    void theLayerUnpackerRestoresTheSameTree() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        archiver.write(src, tar);
        Path dst = Files.createDirectory(tmp.resolve("unpacked"));
        UnpackedLayer layer = new TarLayerUnpacker().unpack(new ByteArrayInputStream(tar.toByteArray()), dst);

        List<String> expected = listing(src).stream().filter(l -> !l.startsWith("sock ")).toList();
        assertEquals(expected, listing(dst));
        assertArrayEquals(CAPABILITY, Libc.getXattr(Libc.path(dst.resolve("a/cap").toString()), "security.capability"));
        assertArrayEquals("n\0te".getBytes(StandardCharsets.UTF_8),
                Libc.getXattr(Libc.path(dst.resolve("a/file").toString()), "user.note"));
        assertEquals(null, Libc.getXattr(Libc.path(dst.resolve("a/file").toString()), "trusted.private"),
                "only security.capability and user.* are exported");
        assertEquals(apparentSize(dst), layer.size(), "the st_size of every non-directory entry, as lstat sees them");
    }

    @Test
    void theSameTreeGivesTheSameBytes() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        archiver.write(src, first);
        archiver.write(src, second);
        assertArrayEquals(first.toByteArray(), second.toByteArray());
    }

    @Test
    void entriesAreNumericRelativeAndHardLinksPointToTheFirstName() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archiver.write(src, out);
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e);
            }
        }
        for (TarArchiveEntry e : entries) {
            assertTrue(e.getName().startsWith("./"), e.getName());
            assertEquals("", e.getUserName());
            assertEquals("", e.getGroupName());
        }
        TarArchiveEntry hard1 = entries.stream().filter(e -> e.getName().equals("./hard1")).findFirst().orElseThrow();
        assertTrue(hard1.isLink());
        assertEquals("./a/file", hard1.getLinkName());
        TarArchiveEntry hard2 = entries.stream().filter(e -> e.getName().endsWith("/hard2")).findFirst().orElseThrow();
        assertEquals("./a/file", hard2.getLinkName());
        TarArchiveEntry bigUid = entries.stream().filter(e -> e.getName().equals("./big-uid")).findFirst()
                .orElseThrow();
        assertEquals(3_000_000, bigUid.getLongUserId());
        assertEquals(4_000_000, bigUid.getLongGroupId());
        TarArchiveEntry disk = entries.stream().filter(e -> e.getName().equals("./disk")).findFirst().orElseThrow();
        assertEquals(259, disk.getDevMajor());
        assertEquals(70000, disk.getDevMinor());
    }

    private byte[] p(String rel) {
        return Libc.path(rel.isEmpty() ? src.toString() : src + "/" + rel);
    }

    private void mkdir(String rel, int mode, int uid, int gid) throws IOException {
        Libc.mkdir(p(rel), 0700);
        Libc.lchown(p(rel), uid, gid);
        Libc.chmod(p(rel), mode);
    }

    private void file(String rel, String content, int mode, long uid, long gid) throws IOException {
        int fd = Libc.createFile(p(rel), 0600); // not Files: names must not depend on the JVM's locale
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(64);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        buffer.put(bytes);
        Libc.writeFully(fd, buffer, bytes.length, p(rel));
        Libc.close(fd, p(rel));
        Libc.lchown(p(rel), uid, gid);
        Libc.chmod(p(rel), mode);
        Libc.setTimes(p(rel), 1_300_000_000, 0, 1_300_000_000 + content.length(), 0);
    }

    /** One line per path as find prints it: name, type, mode, owner, size (not for directories), target, links, mtime. */
    private static List<String> listing(Path root) throws Exception {
        List<String> lines = new ArrayList<>(run("find", root.toString(), "-mindepth", "0", "-printf",
                "%P|%y|%m|%U|%G|%s|%l|%n|%T@\\n"));
        List<String> normalized = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            String size = f[1].equals("d") ? "-" : f[5];
            String seconds = f[8].substring(0, f[8].indexOf('.'));
            String device = "";
            if (f[1].equals("c") || f[1].equals("b")) {
                Libc.Stat s = Libc.lstat(Libc.path(root.resolve(f[0]).toString()));
                device = s.rdevMajor() + "," + s.rdevMinor();
            }
            normalized.add((f[0].isEmpty() ? "." : f[0]) + " " + String.join(" ", f[1], f[2], f[3], f[4], size, f[6],
                    f[7], seconds, device));
        }
        normalized.sort(null);
        return normalized;
    }

    private static List<String> run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8"); // names printed as UTF-8, not escaped
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + text);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static long apparentSize(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.toList()) {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isDirectory()) {
                    total += attrs.isOther() ? 0 : attrs.size();
                }
            }
            return total;
        }
    }
}
