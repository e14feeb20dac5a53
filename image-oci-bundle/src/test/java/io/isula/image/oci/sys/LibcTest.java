package io.isula.image.oci.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibcTest {
    @TempDir
    Path dir;

    private byte[] p(String name) {
        return Libc.path(dir.resolve(name).toString());
    }

    @Test
    void errorsNameTheCallThePathAndTheReason() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.lstat(p("missing")));
        assertEquals(Libc.ENOENT, e.errno());
        assertEquals("lstat " + dir.resolve("missing") + ": No such file or directory", e.getMessage());
    }

    @Test
    void createWriteAndStatAFile() throws Exception {
        byte[] file = p("f");
        int fd = Libc.createFile(file, 0600);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        buffer.put("hello".getBytes(StandardCharsets.US_ASCII));
        Libc.writeFully(fd, buffer, 5, file);
        Libc.fchown(fd, 1234, 5678, file); // before the mode: chown clears setuid
        Libc.fchmod(fd, 04751, file);
        Libc.setTimes(fd, 100, 1, 200, 300, file);
        Libc.close(fd, file);

        Libc.Stat stat = Libc.lstat(file);
        assertTrue(stat.isRegularFile());
        assertEquals(04751, stat.permissions());
        assertEquals(1234, stat.uid());
        assertEquals(5678, stat.gid());
        assertEquals(5, stat.size());
        assertEquals(200, stat.mtimeSeconds());
        assertEquals(300, stat.mtimeNanos());
        assertEquals(1, stat.nlink());
        assertEquals("hello", Files.readString(dir.resolve("f")));

        ErrnoException exists = assertThrows(ErrnoException.class, () -> Libc.createFile(file, 0600));
        assertEquals(Libc.EEXIST, exists.errno());
    }

    @Test
    void createRefusesToWriteThroughASymlink() throws Exception {
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.createFile(p("link"), 0600));
        assertEquals(Libc.EEXIST, e.errno());
        assertFalse(Files.exists(dir.resolve("target")));
        assertEquals(Libc.ELOOP, assertThrows(ErrnoException.class, () -> Libc.openForReading(p("link"))).errno());
    }

    @Test
    void symlinkKeepsItsTargetVerbatimAndHasItsOwnTimesAndOwner() throws Exception {
        byte[] link = p("l");
        byte[] target = Libc.path("..//nowhere/./x/");
        Libc.symlink(target, link);
        Libc.lchown(link, 7, 8);
        Libc.setTimes(link, 5, 0, 6, 7);
        assertArrayEquals("..//nowhere/./x/".getBytes(StandardCharsets.US_ASCII), Libc.readlink(link));
        Libc.Stat stat = Libc.lstat(link);
        assertTrue(stat.isSymlink());
        assertEquals(7, stat.uid());
        assertEquals(6, stat.mtimeSeconds());
        assertEquals(7, stat.mtimeNanos());
    }

    @Test
    void devicesAndFifos() throws Exception {
        Libc.mknod(p("null"), Libc.S_IFCHR | 0666, 1, 3);
        Libc.mknod(p("big"), Libc.S_IFBLK | 0600, 259, 70000);
        Libc.mknod(p("fifo"), Libc.S_IFIFO | 0644, 0, 0);
        Libc.Stat nul = Libc.lstat(p("null"));
        assertEquals(Libc.S_IFCHR, nul.type());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        Libc.Stat big = Libc.lstat(p("big"));
        assertEquals(Libc.S_IFBLK, big.type());
        assertEquals(259, big.rdevMajor());
        assertEquals(70000, big.rdevMinor());
        assertEquals(Libc.S_IFIFO, Libc.lstat(p("fifo")).type());
    }

    @Test
    void xattrsOnFilesAndLinks() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        byte[] capability = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0};
        Libc.setXattr(p("f"), "security.capability", capability);
        Libc.setXattr(p("f"), "user.note", "v".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(capability, Libc.getXattr(p("f"), "security.capability"));
        assertTrue(Libc.listXattrs(p("f")).containsAll(List.of("security.capability", "user.note")));
        assertNull(Libc.getXattr(p("f"), "user.absent"));

        Files.createSymbolicLink(dir.resolve("l"), dir.resolve("f"));
        Libc.setXattr(p("l"), "trusted.mark", new byte[] {1});
        assertArrayEquals(new byte[] {1}, Libc.getXattr(p("l"), "trusted.mark"));
        assertNull(Libc.getXattr(p("f"), "trusted.mark"));
    }

    @Test
    void listAndRemoveTreeNeverFollowLinks() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "k");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("file"), "f");
        Files.createSymbolicLink(dir.resolve("tree/out"), outside);
        byte[] name = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        Libc.mkdir(Libc.child(p("tree"), name), 0755);

        List<String> names = Libc.list(p("tree")).stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted()
                .toList();
        assertEquals(List.of("caf\u00e9", "out", "sub"), names);

        Libc.removeTree(p("tree"));
        assertFalse(Files.exists(dir.resolve("tree")));
        assertTrue(Files.exists(outside.resolve("keep")));
    }

    @Test
    void hardLinksShareTheInode() throws Exception {
        Files.writeString(dir.resolve("a"), "a");
        Libc.link(p("a"), p("b"));
        assertEquals(2, Libc.lstat(p("a")).nlink());
        assertEquals(Libc.lstat(p("a")).inode(), Libc.lstat(p("b")).inode());
    }

    @Test
    void aDirectoryMarkedTopIsLeftOtherwiseAsItWas() throws Exception {
        Path layers = Files.createDirectory(dir.resolve("layers"));
        Files.writeString(layers.resolve("kept"), "content");
        boolean marked = Libc.markTopDirectory(Libc.path(layers.toString()));
        assertEquals(marked, Libc.markTopDirectory(Libc.path(layers.toString())), "a second call finds the flag set");
        if (marked) {
            Process lsattr = new ProcessBuilder("lsattr", "-d", layers.toString()).redirectErrorStream(true).start();
            String out = new String(lsattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, lsattr.waitFor(), out);
            assertTrue(out.split("\\s+")[0].contains("T"), "chattr +T is set: " + out);
        }
        assertEquals("content", Files.readString(layers.resolve("kept")));
        Files.createDirectory(layers.resolve("sub")); // still an ordinary directory
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Libc.markTopDirectory(Libc.path(layers.resolve("kept").toString())));
        assertEquals(Libc.ENOTDIR, e.errno());
    }
}
