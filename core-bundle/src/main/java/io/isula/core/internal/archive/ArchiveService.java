package io.isula.core.internal.archive;

import io.isula.core.api.EngineException;
import io.isula.core.api.PathStat;
import io.isula.core.util.tar.TarEntry;
import io.isula.core.util.tar.TarReader;
import io.isula.core.util.tar.TarWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Copies files out of and into a container's root file system as tar streams ({@code cp}). Every path is resolved by
 * the kernel inside the root (openat2 {@code RESOLVE_IN_ROOT}: the container's symbolic links are followed as if its
 * root were {@code /}, so none leads out of it), directories are held by descriptor while their entries are read or
 * written, and entries are never followed when they are links. A file is extracted to a temporary name and renamed
 * into place, so it is there whole or not at all.
 */
public final class ArchiveService {
    private static final System.Logger LOG = System.getLogger(ArchiveService.class.getName());
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String UNIX_ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,ino,dev,nlink";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final SecureRandom random = new SecureRandom();

    /** What {@code path} is; a symbolic link is described, not followed. */
    public PathStat stat(Path hostRoot, String path) {
        ContainerPath p = ContainerPath.of(path);
        try (PinnedDir root = PinnedDir.root(hostRoot)) {
            if (p.isRoot() || p.contentsOnly()) {
                try (PinnedDir dir = resolveDir(root, p.absolute(), path)) {
                    return describe(dir.entry(null), p.isRoot() ? "/" : p.contentsOnly() ? "." : p.base(), true);
                }
            }
            try (PinnedDir parent = resolveDir(root, p.parent(), path)) {
                return describe(parent.entry(p.base()), p.base(), false);
            }
        } catch (NoSuchFileException e) {
            throw notFound(path);
        } catch (IOException e) {
            throw EngineException.internal("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code path} and, for a directory, everything under it. */
    public void archive(Path hostRoot, String path, OutputStream out) {
        ContainerPath p = ContainerPath.of(path);
        try (PinnedDir root = PinnedDir.root(hostRoot)) {
            TarWriter tar = new TarWriter(out);
            Map<String, String> hardLinks = new HashMap<>();
            if (p.isRoot() || p.contentsOnly()) {
                // the root, or a directory's contents: members "." and "./NAME…"
                try (PinnedDir dir = resolveDir(root, p.absolute(), path)) {
                    Map<String, Object> a = pinnedAttrs(dir);
                    tar.add(new TarEntry(".", TarEntry.Type.DIRECTORY, mode(a), num(a, "uid"), num(a, "gid"), 0,
                            mtime(a), null));
                    walk(tar, dir, ".", hardLinks);
                }
            } else {
                try (PinnedDir parent = resolveDir(root, p.parent(), path)) {
                    Map<String, Object> a;
                    try {
                        a = attrs(parent.entry(p.base()));
                    } catch (NoSuchFileException e) {
                        throw notFound(path);
                    }
                    emit(tar, parent, p.base(), p.base(), a, hardLinks);
                }
            }
            tar.finish();
        } catch (NoSuchFileException e) {
            throw notFound(path);
        } catch (IOException e) {
            throw EngineException.internal("cannot archive " + path + ": " + e.getMessage(), e);
        }
    }

    private void walk(TarWriter tar, PinnedDir dir, String prefix, Map<String, String> hardLinks) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.entry(null))) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        for (String name : names) {
            Map<String, Object> a;
            try {
                a = attrs(dir.entry(name));
            } catch (NoSuchFileException gone) {
                continue;
            }
            emit(tar, dir, name, prefix.equals(".") ? "./" + name : prefix + "/" + name, a, hardLinks);
        }
    }

    private void emit(TarWriter tar, PinnedDir dir, String name, String tarName, Map<String, Object> a,
                      Map<String, String> hardLinks) throws IOException {
        int fmt = num(a, "mode") & S_IFMT;
        int mode = mode(a);
        int uid = num(a, "uid");
        int gid = num(a, "gid");
        long mtime = mtime(a);
        switch (fmt) {
            case S_IFDIR -> {
                tar.add(new TarEntry(tarName, TarEntry.Type.DIRECTORY, mode, uid, gid, 0, mtime, null));
                try (PinnedDir child = dir.child(name)) {
                    walk(tar, child, tarName, hardLinks);
                } catch (PinnedDir.OpenFailure e) {
                    // replaced by a link or removed while we copied: what it became is not followed
                    LOG.log(System.Logger.Level.DEBUG, "skipping {0}: {1}", tarName, e.getMessage());
                }
            }
            case S_IFLNK -> tar.add(new TarEntry(tarName, TarEntry.Type.SYMLINK, 0777, uid, gid, 0, mtime,
                    Files.readSymbolicLink(dir.entry(name)).toString()));
            case S_IFREG -> {
                String key = a.get("dev") + ":" + a.get("ino");
                if (num(a, "nlink") > 1 && hardLinks.containsKey(key)) {
                    tar.add(new TarEntry(tarName, TarEntry.Type.HARDLINK, mode, uid, gid, 0, mtime, hardLinks.get(key)));
                    return;
                }
                hardLinks.put(key, tarName);
                long size = ((Number) a.get("size")).longValue();
                try (FileChannel ch = FileChannel.open(dir.entry(name), StandardOpenOption.READ, NOFOLLOW);
                     InputStream in = new ExactLength(Channels.newInputStream(ch), size)) {
                    tar.add(new TarEntry(tarName, TarEntry.Type.FILE, mode, uid, gid, size, mtime, null), in);
                }
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "not copying special file {0}", tarName);
        }
    }

    /** Extracts {@code tar} into the directory {@code dir}. */
    public void extract(Path hostRoot, String dir, InputStream in) {
        ContainerPath target = ContainerPath.of(dir);
        try (PinnedDir root = PinnedDir.root(hostRoot)) {
            try (PinnedDir check = resolveDir(root, target.absolute(), dir)) {
                // the extraction point exists and is a directory
            }
            TarReader tar = new TarReader(in);
            TarEntry e;
            while ((e = tar.next()) != null) {
                List<String> parts = ContainerPath.memberComponents(e.name());
                if (parts.isEmpty()) {
                    continue; // "." itself: the target directory, which exists
                }
                String base = parts.get(parts.size() - 1);
                String parentPath = target.absolute() + (parts.size() > 1 ? "/" + String.join("/", parts.subList(0, parts.size() - 1)) : "");
                PinnedDir parent;
                try {
                    parent = ensureDir(root, parentPath);
                } catch (PinnedDir.OpenFailure failure) {
                    throw EngineException.invalid("cannot extract " + e.name() + ": its directory cannot be reached "
                            + "inside the container (" + failure.getMessage() + ")");
                }
                try (parent) {
                    member(root, target, parent, base, e, tar);
                }
            }
        } catch (EngineException e) {
            throw e;
        } catch (PinnedDir.OpenFailure e) {
            if (e.errno == PinnedDir.ENOENT) {
                throw notFound(dir);
            }
            if (e.errno == PinnedDir.ENOTDIR) {
                throw EngineException.invalid("extraction point is not a directory: " + dir);
            }
            throw EngineException.internal("cannot extract into " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw EngineException.invalid("cannot extract the archive into " + dir + ": " + e.getMessage());
        }
    }

    private void member(PinnedDir root, ContainerPath target, PinnedDir parent, String base, TarEntry e, TarReader tar)
            throws IOException {
        Path dest = parent.entry(base);
        Map<String, Object> existing = attrsOrNull(dest);
        boolean existingDir = existing != null && (num(existing, "mode") & S_IFMT) == S_IFDIR;
        String where = parent.label() + "/" + base;
        if (e.type() == TarEntry.Type.DIRECTORY) {
            if (existing != null && !existingDir) {
                throw EngineException.invalid("cannot overwrite non-directory " + where + " with directory " + e.name());
            }
            if (existing == null) {
                Files.createDirectory(dest);
            }
            owner(dest, e);
            Files.setAttribute(dest, "unix:mode", e.mode() & 07777, NOFOLLOW);
            return;
        }
        if (existingDir) {
            throw EngineException.invalid("cannot overwrite directory " + where + " with non-directory " + e.name());
        }
        Path tmp = parent.entry(".isula-cp-" + HexFormat.of().formatHex(randomBytes()));
        try {
            switch (e.type()) {
                case FILE -> {
                    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, NOFOLLOW)) {
                        tar.content().transferTo(out);
                    }
                    owner(tmp, e);
                    Files.setAttribute(tmp, "unix:mode", e.mode() & 07777, NOFOLLOW);
                    times(tmp, e);
                }
                case SYMLINK -> {
                    Files.createSymbolicLink(tmp, Path.of(e.linkName()));
                    owner(tmp, e);
                }
                case HARDLINK -> {
                    List<String> linkParts = ContainerPath.memberComponents(e.linkName());
                    if (linkParts.isEmpty()) {
                        throw EngineException.invalid("hard link " + e.name() + " has no target");
                    }
                    String linkParent = target.absolute() + (linkParts.size() > 1
                            ? "/" + String.join("/", linkParts.subList(0, linkParts.size() - 1)) : "");
                    try (PinnedDir d = resolveDir(root, linkParent, e.linkName())) {
                        Files.createLink(tmp, d.entry(linkParts.get(linkParts.size() - 1)));
                    }
                }
                default -> throw EngineException.invalid("archive member " + e.name() + " is a " + e.type()
                        + ", which cp does not create");
            }
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The directory {@code path}, made (with its missing parents, 0755) when absent. */
    private PinnedDir ensureDir(PinnedDir root, String path) throws IOException {
        try {
            return root.resolveInRoot(path);
        } catch (PinnedDir.OpenFailure e) {
            if (e.errno != PinnedDir.ENOENT) {
                throw e;
            }
        }
        ContainerPath p = ContainerPath.of(path);
        try (PinnedDir parent = ensureDir(root, p.parent())) {
            try {
                Files.createDirectory(parent.entry(p.base()));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: fine
            }
        }
        return root.resolveInRoot(path);
    }

    private static PinnedDir resolveDir(PinnedDir root, String path, String asGiven) throws IOException {
        try {
            return root.resolveInRoot(path);
        } catch (PinnedDir.OpenFailure e) {
            if (e.errno == PinnedDir.ENOENT) {
                throw notFound(asGiven);
            }
            if (e.errno == PinnedDir.ENOTDIR) {
                throw EngineException.invalid("not a directory: " + asGiven);
            }
            throw e;
        }
    }

    private static void owner(Path p, TarEntry e) throws IOException {
        Files.setAttribute(p, "unix:uid", e.uid(), NOFOLLOW);
        Files.setAttribute(p, "unix:gid", e.gid(), NOFOLLOW);
    }

    private static void times(Path p, TarEntry e) {
        try {
            FileTime t = FileTime.from(Instant.ofEpochSecond(e.mtime()));
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the content is what matters; a time that cannot be set stays "now"
        }
    }

    /** {@code pinned}: {@code p} is a held directory's {@code /proc/self/fd/N}, a link to follow. */
    private static PathStat describe(Path p, String name, boolean pinned) throws IOException {
        Map<String, Object> a = pinned ? Files.readAttributes(p, UNIX_ATTRS) : attrs(p);
        int raw = num(a, "mode");
        long goMode = raw & 0777;
        if ((raw & 04000) != 0) {
            goMode |= 1L << 23;
        }
        if ((raw & 02000) != 0) {
            goMode |= 1L << 22;
        }
        if ((raw & 01000) != 0) {
            goMode |= 1L << 20;
        }
        String link = "";
        switch (raw & S_IFMT) {
            case S_IFDIR -> goMode |= PathStat.DIR;
            case S_IFLNK -> {
                goMode |= PathStat.SYMLINK;
                link = Files.readSymbolicLink(p).toString();
            }
            default -> {
            }
        }
        return new PathStat(name, ((Number) a.get("size")).longValue(), goMode,
                ((FileTime) a.get("lastModifiedTime")).toInstant().toString(), link);
    }

    private static Map<String, Object> attrs(Path p) throws IOException {
        return Files.readAttributes(p, UNIX_ATTRS, NOFOLLOW);
    }

    /** A held directory's own attributes (its {@code /proc/self/fd/N} is followed: it can only lead to it). */
    private static Map<String, Object> pinnedAttrs(PinnedDir dir) throws IOException {
        return Files.readAttributes(dir.entry(null), UNIX_ATTRS);
    }

    private static Map<String, Object> attrsOrNull(Path p) throws IOException {
        try {
            return attrs(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static int num(Map<String, Object> a, String key) {
        return ((Number) a.get(key)).intValue();
    }

    private static int mode(Map<String, Object> a) {
        return num(a, "mode") & 07777;
    }

    private static long mtime(Map<String, Object> a) {
        return ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
    }

    private byte[] randomBytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private static EngineException notFound(String path) {
        return EngineException.notFound("Could not find the file " + path + " in container");
    }

    /** Exactly {@code size} bytes: what a file that shrank meanwhile lacks is zeros, what it grew is cut. */
    private static final class ExactLength extends InputStream {
        private final InputStream in;
        private long left;
        private boolean eof;

        ExactLength(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int want = (int) Math.min(len, left);
            int n = eof ? -1 : in.read(b, off, want);
            if (n < 0) {
                eof = true;
                java.util.Arrays.fill(b, off, off + want, (byte) 0);
                n = want;
            }
            left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
