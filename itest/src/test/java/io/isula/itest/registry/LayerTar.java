package io.isula.itest.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The uncompressed tar of one image layer, entry by entry in the order added. The builder methods write names without a
 * leading '/'; {@link #raw} writes a name exactly as given (a test may want a hostile one). Every entry gets the same
 * modification time, so the same content always gives the same bytes, and so the same digest.
 */
public final class LayerTar {
    /** The modification time of every entry: layers are reproducible. */
    public static final Instant MTIME = Instant.parse("2024-01-01T00:00:00Z");
    /** The prefix of a whiteout file and the name of the opaque-directory marker (OCI image spec, layer changesets). */
    public static final String WHITEOUT_PREFIX = ".wh.";
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    private record Entry(String name, byte type, byte[] content, int mode, long uid, long gid, String link) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Every file, directory and symlink under {@code root} (sorted by path, parents first) with its mode and owner;
     * hard links are stored as copies.
     */
    public static LayerTar fromDirectory(Path root) {
        LayerTar t = new LayerTar();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).sorted().toList()) {
                String name = root.relativize(p).toString();
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                long uid = ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
                long gid = ((Number) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
                if (Files.isSymbolicLink(p)) {
                    t.entries.add(new Entry(name, TarConstants.LF_SYMLINK, new byte[0], 0777, uid, gid,
                            Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    t.entries.add(new Entry(name + "/", TarConstants.LF_DIR, new byte[0], mode, uid, gid, null));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    t.entries.add(new Entry(name, TarConstants.LF_NORMAL, Files.readAllBytes(p), mode, uid, gid, null));
                } else {
                    throw new AssertionError("unsupported file type in a test layer: " + p);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + root + ": " + e, e);
        }
        return t;
    }

    /** A directory (root-owned); {@code path} without a trailing '/'. */
    public LayerTar dir(String path, int mode) {
        entries.add(new Entry(strip(path) + "/", TarConstants.LF_DIR, new byte[0], mode, 0, 0, null));
        return this;
    }

    /** A root-owned regular file. */
    public LayerTar file(String path, String content, int mode) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
    }

    public LayerTar file(String path, byte[] content, int mode, long uid, long gid) {
        entries.add(new Entry(strip(path), TarConstants.LF_NORMAL, content.clone(), mode, uid, gid, null));
        return this;
    }

    public LayerTar symlink(String path, String target) {
        entries.add(new Entry(strip(path), TarConstants.LF_SYMLINK, new byte[0], 0777, 0, 0, target));
        return this;
    }

    /** A hard link to {@code target}, a name of an entry added before (or any name, for a hostile layer). */
    public LayerTar hardlink(String path, String target) {
        entries.add(new Entry(strip(path), TarConstants.LF_LINK, new byte[0], 0644, 0, 0, target));
        return this;
    }

    /** A whiteout: {@code DIR/.wh.NAME} deletes {@code DIR/NAME} of the layers below. */
    public LayerTar whiteout(String path) {
        String p = strip(path);
        int slash = p.lastIndexOf('/');
        String name = p.substring(0, slash + 1) + WHITEOUT_PREFIX + p.substring(slash + 1);
        entries.add(new Entry(name, TarConstants.LF_NORMAL, new byte[0], 0, 0, 0, null));
        return this;
    }

    /** An opaque marker: {@code DIR/.wh..wh..opq} hides everything the layers below have in {@code DIR}. */
    public LayerTar opaque(String dir) {
        entries.add(new Entry(strip(dir) + "/" + OPAQUE_MARKER, TarConstants.LF_NORMAL, new byte[0], 0, 0, 0, null));
        return this;
    }

    /**
     * An entry whose name is written exactly as given, unchecked ({@code ../x}, {@code /etc/x}): {@code type} is a
     * {@link TarConstants} link flag (LF_NORMAL, LF_SYMLINK, LF_LINK, LF_DIR), {@code link} the target or null.
     */
    public LayerTar raw(String name, byte type, byte[] content, int mode, String link) {
        entries.add(new Entry(name, type, content.clone(), mode, 0, 0, link));
        return this;
    }

    /** Names of the entries, in order (directories end with '/'). */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** The tar bytes (POSIX/PAX headers for long names and big numbers). */
    public byte[] toTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry e : entries) {
                TarArchiveEntry te = new TarArchiveEntry(e.name(), e.type(), true);
                te.setMode(e.mode() | modeType(e.type()));
                te.setUserId(e.uid());
                te.setGroupId(e.gid());
                te.setLastModifiedTime(FileTime.from(MTIME));
                if (e.link() != null) te.setLinkName(e.link());
                if (e.type() == TarConstants.LF_NORMAL) te.setSize(e.content().length);
                tar.putArchiveEntry(te);
                if (e.type() == TarConstants.LF_NORMAL) tar.write(e.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new AssertionError("cannot write a layer tar: " + e, e);
        }
        return bytes.toByteArray();
    }

    private static int modeType(byte type) {
        return switch (type) {
            case TarConstants.LF_DIR -> 040000;
            case TarConstants.LF_SYMLINK -> 0120000;
            default -> 0100000;
        };
    }

    private static String strip(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
