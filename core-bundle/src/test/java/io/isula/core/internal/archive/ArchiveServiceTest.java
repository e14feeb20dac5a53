package io.isula.core.internal.archive;

import io.isula.core.api.EngineException;
import io.isula.core.api.PathStat;
import io.isula.core.util.tar.TarEntry;
import io.isula.core.util.tar.TarReader;
import io.isula.core.util.tar.TarWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cp's file side against real directories: trees, modes, links, and links that point out of the root. */
class ArchiveServiceTest {
    private final ArchiveService archives = new ArchiveService();
    @TempDir
    Path tmp;
    private Path rootA;
    private Path rootB;
    /** A file outside both roots standing for the host's /etc: nothing may read or write it through a container. */
    private Path hostSecret;

    @BeforeEach
    void roots() throws IOException {
        rootA = Files.createDirectories(tmp.resolve("a"));
        rootB = Files.createDirectories(tmp.resolve("b"));
        Path host = Files.createDirectories(tmp.resolve("host-etc"));
        hostSecret = Files.writeString(host.resolve("passwd"), "host secret\n");
        Files.createDirectories(rootA.resolve("etc"));
        Files.writeString(rootA.resolve("etc/passwd"), "container passwd\n");
        // links that name the host's directory by absolute path and by climbing out
        Files.createSymbolicLink(rootA.resolve("evil"), host);
        Files.createSymbolicLink(rootA.resolve("climb"), Path.of("../../../../../../../../" + host));
        Files.createDirectories(rootB.resolve("dst"));
        Files.createSymbolicLink(rootB.resolve("evil"), host);
    }

    private Path tree() throws IOException {
        Path d = Files.createDirectories(rootA.resolve("data/sub/deeper"));
        Files.writeString(rootA.resolve("data/a.txt"), "alpha\n");
        Path exe = Files.writeString(rootA.resolve("data/sub/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setAttribute(exe, "unix:mode", 04750);
        Files.writeString(d.resolve("empty"), "");
        Files.createSymbolicLink(rootA.resolve("data/rel-link"), Path.of("sub/run.sh"));
        Files.createSymbolicLink(rootA.resolve("data/abs-link"), Path.of("/etc/passwd"));
        Files.createLink(rootA.resolve("data/hard"), rootA.resolve("data/a.txt"));
        Files.setAttribute(rootA.resolve("data/a.txt"), "unix:uid", 1000);
        return rootA.resolve("data");
    }

    @Test
    void aTreeRoundTripsWithModesOwnersAndLinks() throws Exception {
        tree();
        byte[] tar = archive(rootA, "/data");
        archives.extract(rootB, "/dst", new ByteArrayInputStream(tar));
        assertEquals(describe(rootA.resolve("data")), describe(rootB.resolve("dst/data")));
        assertEquals("sub/run.sh", Files.readSymbolicLink(rootB.resolve("dst/data/rel-link")).toString());
        assertEquals("/etc/passwd", Files.readSymbolicLink(rootB.resolve("dst/data/abs-link")).toString());
        assertEquals(Files.getAttribute(rootB.resolve("dst/data/a.txt"), "unix:ino"),
                Files.getAttribute(rootB.resolve("dst/data/hard"), "unix:ino"), "hard link kept");
        assertEquals(04750, (int) Files.getAttribute(rootB.resolve("dst/data/sub/run.sh"), "unix:mode") & 07777);
        assertEquals(1000, Files.getAttribute(rootB.resolve("dst/data/a.txt"), "unix:uid"));
    }

    @Test
    void contentsOnlyAndStat() throws Exception {
        tree();
        byte[] tar = archive(rootA, "/data/.");
        List<String> names = names(tar);
        assertEquals(".", names.get(0));
        assertTrue(names.contains("./a.txt"), names.toString());
        assertTrue(archives.stat(rootA, "/data/.").isDirectory());
        assertTrue(archives.stat(rootA, "/").isDirectory());
        PathStat dir = archives.stat(rootA, "/data");
        assertTrue(dir.isDirectory());
        assertEquals("data", dir.name());
        PathStat link = archives.stat(rootA, "data/rel-link");
        assertTrue(link.isSymlink());
        assertEquals("sub/run.sh", link.linkTarget());
        PathStat setuid = archives.stat(rootA, "/data/sub/run.sh");
        assertEquals(0750 | (1L << 23), setuid.mode());
    }

    @Test
    void readingThroughALinkToTheHostReadsTheContainersOwnFile() throws Exception {
        for (String path : List.of("/evil/passwd", "/climb/passwd", "/data/../../../evil/passwd")) {
            // the links resolve inside the root: /evil → <root>/<host path>, which does not exist there
            EngineException e = assertThrows(EngineException.class, () -> archive(rootA, path), path);
            assertEquals(EngineException.Kind.NOT_FOUND, e.kind(), path + ": " + e.getMessage());
        }
        // ".." never climbs above the root either
        assertEquals(List.of("passwd"), names(archive(rootA, "/../../../etc/passwd")));
        String read = content(archive(rootA, "/../../../etc/passwd"), "passwd");
        assertEquals("container passwd\n", read);
    }

    @Test
    void writingThroughALinkToTheHostStaysInTheRoot() throws Exception {
        byte[] tar = tar(w -> file(w, "passwd", "pwned\n"));
        // "/evil" is a link to the host directory: followed inside the root, it names <rootB>/<host dir>, absent
        EngineException e = assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/evil", new ByteArrayInputStream(tar)));
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertEquals("host secret\n", Files.readString(hostSecret));

        // an archive that first plants a link to the host, then writes through it
        byte[] planted = tar(w -> {
            w.add(new TarEntry("x", TarEntry.Type.SYMLINK, 0777, 0, 0, 0, 0, hostSecret.getParent().toString()));
            file(w, "x/passwd", "pwned\n");
        });
        EngineException through = assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/dst", new ByteArrayInputStream(planted)));
        assertTrue(through.getMessage().contains("x/passwd"), through.getMessage());
        assertEquals("host secret\n", Files.readString(hostSecret));
        assertTrue(Files.isSymbolicLink(rootB.resolve("dst/x")));

        // where the link's target exists inside the root, the write goes there
        Path inRoot = Files.createDirectories(rootB.resolve(hostSecret.getParent().toString().substring(1)));
        archives.extract(rootB, "/dst", new ByteArrayInputStream(planted));
        assertEquals("pwned\n", Files.readString(inRoot.resolve("passwd")));
        assertEquals("host secret\n", Files.readString(hostSecret));
    }

    @Test
    void membersThatClimbOutAreRefusedAndNothingIsHalfWritten() throws Exception {
        byte[] climbing = tar(w -> {
            file(w, "ok.txt", "fine\n");
            file(w, "../outside.txt", "no\n");
        });
        EngineException e = assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/dst", new ByteArrayInputStream(climbing)));
        assertTrue(e.getMessage().contains("../outside.txt"), e.getMessage());
        assertFalse(Files.exists(rootB.resolve("outside.txt")));
        assertEquals("fine\n", Files.readString(rootB.resolve("dst/ok.txt")));

        byte[] good = tar(w -> file(w, "big.bin", "x".repeat(5000)));
        byte[] cut = java.util.Arrays.copyOf(good, 512 + 1024);
        assertThrows(EngineException.class, () -> archives.extract(rootB, "/dst", new ByteArrayInputStream(cut)));
        assertFalse(Files.exists(rootB.resolve("dst/big.bin")), "a truncated file is not left behind");
        try (var s = Files.list(rootB.resolve("dst"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".isula-cp-")), "no temporary files left");
        }
    }

    @Test
    void badTargets() throws Exception {
        Files.writeString(rootB.resolve("file"), "x");
        byte[] tar = tar(w -> file(w, "f", "y"));
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/missing", new ByteArrayInputStream(tar))).kind());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/file", new ByteArrayInputStream(tar))).kind());
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                () -> archives.stat(rootB, "/nope")).kind());
        Files.createDirectories(rootB.resolve("dst/d"));
        byte[] fileOverDir = tar(w -> file(w, "d", "z"));
        assertTrue(assertThrows(EngineException.class,
                () -> archives.extract(rootB, "/dst", new ByteArrayInputStream(fileOverDir))).getMessage()
                .contains("cannot overwrite directory"));
    }

    // ---- helpers ----

    private interface TarBody {
        void write(TarWriter w) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(out)) {
            body.write(w);
        }
        return out.toByteArray();
    }

    private static void file(TarWriter w, String name, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        w.add(new TarEntry(name, TarEntry.Type.FILE, 0644, 0, 0, b.length, 1700000000, null), new ByteArrayInputStream(b));
    }

    private byte[] archive(Path root, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archives.archive(root, path, out);
        return out.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        TarEntry e;
        while ((e = r.next()) != null) {
            names.add(e.name());
        }
        return names;
    }

    private static String content(byte[] tar, String name) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        TarEntry e;
        while ((e = r.next()) != null) {
            if (e.name().equals(name)) {
                return new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Relative path → type, mode, size, link target, for comparing two trees. */
    private static Map<String, String> describe(Path top) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.walk(top)) {
            for (Path p : s.toList()) {
                String rel = top.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                boolean link = Files.isSymbolicLink(p);
                m.put(rel, Integer.toOctalString((int) a.get("mode")) + " " + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        ? "dir" : link ? "-> " + Files.readSymbolicLink(p) : a.get("size")));
            }
        }
        return m;
    }
}
