package io.isula.image.oci.layer;

import io.isula.image.oci.sys.ErrnoException;
import io.isula.image.oci.sys.Libc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes entries into one layer directory by paths relative to it (byte strings, see {@link Names}), never
 * through a symbolic link: every parent
 * directory is checked with lstat the first time it is used (or created) and remembered; whatever replaces a
 * path is forgotten with everything below it. The directory must not change under us meanwhile (the store
 * gives each unpack a fresh private directory). Directory modes, owners and times are applied in
 * {@link #finish()}, after their contents are written. Content problems are {@link LayerException}s, system
 * failures {@link ErrnoException}s.
 */
final class LayerWriter {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final int BUFFER = 64 * 1024;
    private static final int NEW_DIRECTORY_MODE = 0755;

    private final String root;
    private final byte[] rootPath;
    private final int umask;
    private final int euid = Libc.effectiveUid();
    private final int egid = Libc.effectiveGid();
    /** Relative paths known to be real directories ("" is the layer directory). */
    private final Set<String> directories = new HashSet<>();
    /** Directories we did not create: their modes are unknown until an entry sets them. */
    private final Set<String> foundDirectories = new HashSet<>();
    /** Directories with setgid: what is created in them takes their group, so ownership must be set explicitly. */
    private final Set<String> setgidDirectories = new HashSet<>();
    private final Map<String, EntryMetadata> directoryMetadata = new LinkedHashMap<>();
    private final ByteBuffer direct = ByteBuffer.allocateDirect(BUFFER);
    private final byte[] heap = new byte[BUFFER];
    private long apparentBytes;

    LayerWriter(Path target) throws IOException {
        this.root = target.toRealPath().toString();
        this.rootPath = Libc.path(root);
        Libc.Stat stat = Libc.lstat(rootPath);
        if (!stat.isDirectory()) {
            throw new IOException("layer target " + root + " is not a directory");
        }
        this.umask = currentUmask();
        directories.add("");
        foundDirectories.add("");
        if ((stat.mode() & 02000) != 0) {
            setgidDirectories.add("");
        }
    }

    /**
     * The layer's size as iSulad counts it ({@code util_calculate_dir_size}): the st_size of every entry that is not a
     * directory, so file content, symlink targets, and a hard-linked file once per name.
     */
    long apparentBytes() {
        return apparentBytes;
    }

    void directory(String rel, EntryMetadata metadata) throws IOException {
        if (!rel.isEmpty() && !directories.contains(rel)) {
            ensureDirectory(EntryPath.parent(rel), true);
            byte[] path = path(rel);
            if (!tryMakeDirectory(rel, path)) {
                Libc.Stat existing = Libc.lstat(path);
                if (existing.isDirectory()) {
                    found(rel, existing);
                } else {
                    removeExisting(rel, path);
                    makeDirectory(rel, path);
                }
            }
        }
        applyXattrs(path(rel), -1, metadata.xattrs(), true);
        directoryMetadata.remove(rel);
        directoryMetadata.put(rel, metadata);
    }

    /** Writes the content read from {@code content} to its end; returns its length. */
    long regularFile(String rel, EntryMetadata metadata, InputStream content) throws IOException {
        ensureDirectory(EntryPath.parent(rel), true);
        byte[] path = path(rel);
        int fd;
        try {
            fd = Libc.createFile(path, metadata.permissions() & 0777);
        } catch (ErrnoException e) {
            if (e.errno() != Libc.EEXIST) {
                throw contentError(e);
            }
            removeExisting(rel, path);
            fd = Libc.createFile(path, metadata.permissions() & 0777);
        }
        boolean open = true;
        try {
            long length = 0;
            for (int n; (n = content.read(heap, 0, heap.length)) > 0; ) {
                direct.clear();
                direct.put(heap, 0, n);
                Libc.writeFully(fd, direct, n, path);
                length += n;
            }
            // ownership first: chown clears setuid, setgid and security.capability
            if (needsChown(rel, metadata)) {
                Libc.fchown(fd, metadata.uid(), metadata.gid(), path);
            }
            if (needsChmod(metadata)) {
                Libc.fchmod(fd, metadata.permissions(), path);
            }
            applyXattrs(path, fd, metadata.xattrs(), true);
            Libc.setTimes(fd, metadata.atimeSeconds(), metadata.atimeNanos(), metadata.mtimeSeconds(),
                    metadata.mtimeNanos(), path);
            open = false;
            Libc.close(fd, path);
            apparentBytes += length;
            return length;
        } finally {
            if (open) {
                try {
                    Libc.close(fd, path);
                } catch (ErrnoException ignored) {
                    // the first failure is the one to report
                }
            }
        }
    }

    /** A symbolic link holding {@code target} verbatim; it is never followed here, so any target is harmless. */
    void symlink(String rel, String target, EntryMetadata metadata) throws IOException {
        if (target.isEmpty()) {
            throw new LayerException("symbolic link with an empty target");
        }
        if (target.indexOf('\0') >= 0) {
            throw new LayerException("symbolic link target contains a NUL byte");
        }
        ensureDirectory(EntryPath.parent(rel), true);
        byte[] path = path(rel);
        byte[] targetBytes = Libc.path(Names.bytes(target));
        createReplacing(rel, path, () -> Libc.symlink(targetBytes, path));
        apparentBytes += targetBytes.length - 1;
        if (needsChown(rel, metadata)) {
            Libc.lchown(path, metadata.uid(), metadata.gid());
        }
        applyXattrs(path, -1, metadata.xattrs(), false);
        Libc.setTimes(path, metadata.atimeSeconds(), metadata.atimeNanos(), metadata.mtimeSeconds(),
                metadata.mtimeNanos());
    }

    /** A hard link to an entry this layer already holds; it shares that entry's inode and metadata. */
    void hardLink(String rel, String existingRel) throws IOException {
        if (existingRel.isEmpty()) {
            throw new LayerException("hard link to the layer directory itself");
        }
        if (existingRel.equals(rel)) {
            throw new LayerException("hard link to itself");
        }
        ensureDirectory(EntryPath.parent(existingRel), false);
        byte[] existing = path(existingRel);
        Libc.Stat stat = Libc.lstatIfExists(existing);
        if (stat == null) {
            throw new LayerException("hard link to " + EntryPath.printable(existingRel) + ", which is not in this layer");
        }
        if (stat.isDirectory()) {
            throw new LayerException("hard link to the directory " + EntryPath.printable(existingRel));
        }
        ensureDirectory(EntryPath.parent(rel), true);
        byte[] path = path(rel);
        createReplacing(rel, path, () -> Libc.link(existing, path));
        apparentBytes += stat.size();
    }

    /** A character or block device or a fifo ({@code type} is {@link Libc#S_IFCHR}, S_IFBLK or S_IFIFO). */
    void special(String rel, int type, int major, int minor, EntryMetadata metadata) throws IOException {
        ensureDirectory(EntryPath.parent(rel), true);
        byte[] path = path(rel);
        createReplacing(rel, path, () -> Libc.mknod(path, type | (metadata.permissions() & 0777), major, minor));
        if (needsChown(rel, metadata)) {
            Libc.lchown(path, metadata.uid(), metadata.gid());
        }
        if (needsChmod(metadata)) {
            Libc.chmod(path, metadata.permissions()); // the node just made: not a link
        }
        applyXattrs(path, -1, metadata.xattrs(), false);
        Libc.setTimes(path, metadata.atimeSeconds(), metadata.atimeNanos(), metadata.mtimeSeconds(),
                metadata.mtimeNanos());
    }

    /**
     * An overlayfs whiteout (character device 0/0) hiding {@code rel} of the layers below. If this layer itself
     * has {@code rel}, it stays: a whiteout applies only to lower layers (OCI image spec, "Whiteouts").
     */
    void whiteout(String rel, long uid, long gid) throws IOException {
        ensureDirectory(EntryPath.parent(rel), true);
        byte[] path = path(rel);
        try {
            Libc.mknod(path, Libc.S_IFCHR, 0, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Libc.EEXIST) {
                return;
            }
            throw contentError(e);
        }
        if (uid != euid || gid != egid) {
            Libc.lchown(path, uid, gid);
        }
    }

    /** Marks a directory opaque for overlayfs: the layers below contribute nothing to it. */
    void opaque(String dirRel) throws IOException {
        ensureDirectory(dirRel, true);
        Libc.setXattr(path(dirRel), OPAQUE_XATTR, new byte[] {'y'});
    }

    /** Applies the directories' owners, modes and times, now that nothing more is written into them. */
    void finish() throws IOException {
        List<Map.Entry<String, EntryMetadata>> pending = new ArrayList<>(directoryMetadata.entrySet());
        for (int i = pending.size() - 1; i >= 0; i--) {
            String rel = pending.get(i).getKey();
            EntryMetadata metadata = pending.get(i).getValue();
            byte[] path = path(rel);
            boolean found = foundDirectories.contains(rel);
            if (found || needsChown(rel, metadata)) {
                Libc.lchown(path, metadata.uid(), metadata.gid());
            }
            if (found || metadata.permissions() != (NEW_DIRECTORY_MODE & ~umask)) {
                Libc.chmod(path, metadata.permissions()); // a directory we track: not a link
            }
            Libc.setTimes(path, metadata.atimeSeconds(), metadata.atimeNanos(), metadata.mtimeSeconds(),
                    metadata.mtimeNanos());
        }
        directoryMetadata.clear();
    }

    private byte[] path(String rel) {
        return rel.isEmpty() ? rootPath : Libc.child(rootPath, Names.bytes(rel));
    }

    /** Makes sure {@code dir} and its parents are real directories (not links), creating missing ones if asked. */
    private void ensureDirectory(String dir, boolean create) throws IOException {
        if (directories.contains(dir)) {
            return;
        }
        ensureDirectory(EntryPath.parent(dir), create);
        byte[] path = path(dir);
        if (create && tryMakeDirectory(dir, path)) {
            if ((NEW_DIRECTORY_MODE & umask) != 0) {
                Libc.chmod(path, NEW_DIRECTORY_MODE);
            }
            return;
        }
        Libc.Stat stat = Libc.lstatIfExists(path);
        if (stat == null) {
            throw new LayerException(EntryPath.printable(dir) + " is not in this layer");
        } else if (stat.isSymlink()) {
            throw new LayerException("its path goes through the symbolic link " + EntryPath.printable(dir)
                    + ", which is never followed");
        } else if (!stat.isDirectory()) {
            throw new LayerException("its parent " + EntryPath.printable(dir) + " is not a directory");
        }
        found(dir, stat);
    }

    private void makeDirectory(String rel, byte[] path) throws IOException {
        if (!tryMakeDirectory(rel, path)) {
            throw new LayerException(EntryPath.printable(rel) + " exists already");
        }
    }

    /** mkdir; false if something is there already (mkdir never follows a link there). */
    private boolean tryMakeDirectory(String rel, byte[] path) throws IOException {
        try {
            Libc.mkdir(path, NEW_DIRECTORY_MODE);
        } catch (ErrnoException e) {
            if (e.errno() == Libc.EEXIST) {
                return false;
            }
            throw contentError(e);
        }
        directories.add(rel);
        if (setgidDirectories.contains(EntryPath.parent(rel))) {
            setgidDirectories.add(rel); // mkdir in a setgid directory inherits setgid
        }
        return true;
    }

    private void found(String rel, Libc.Stat stat) {
        directories.add(rel);
        foundDirectories.add(rel);
        if ((stat.mode() & 02000) != 0) {
            setgidDirectories.add(rel);
        }
    }

    private interface Creation {
        void create() throws ErrnoException;
    }

    /** Creates a node; if something is in the way (an earlier entry of this layer), removes it and retries once. */
    private void createReplacing(String rel, byte[] path, Creation creation) throws IOException {
        try {
            creation.create();
        } catch (ErrnoException e) {
            if (e.errno() != Libc.EEXIST) {
                throw contentError(e);
            }
            removeExisting(rel, path);
            try {
                creation.create();
            } catch (ErrnoException again) {
                throw contentError(again);
            }
        }
    }

    private void removeExisting(String rel, byte[] path) throws IOException {
        Libc.Stat stat = Libc.lstatIfExists(path);
        if (stat == null) {
            return;
        }
        if (stat.isDirectory()) {
            Libc.removeTree(path);
            String below = rel + "/";
            Predicate<String> gone = p -> p.equals(rel) || p.startsWith(below);
            directories.removeIf(gone);
            foundDirectories.removeIf(gone);
            setgidDirectories.removeIf(gone);
            directoryMetadata.keySet().removeIf(gone);
        } else {
            Libc.unlink(path);
        }
    }

    private boolean needsChown(String rel, EntryMetadata metadata) {
        return metadata.uid() != Integer.toUnsignedLong(euid) || metadata.gid() != Integer.toUnsignedLong(egid)
                || setgidDirectories.contains(EntryPath.parent(rel));
    }

    /** Whether a node created with the permission bits of {@code metadata} (minus the umask) needs a chmod. */
    private boolean needsChmod(EntryMetadata metadata) {
        int permissions = metadata.permissions();
        return (permissions & 07000) != 0 || (permissions & umask) != 0;
    }

    /**
     * Applies extended attributes except overlayfs's own ({@code trusted.overlay.*}, {@code user.overlay.*}): a
     * layer must not forge whiteouts, opaque directories or redirects that way. {@code user.*} exists only on
     * regular files and directories. Attributes the file system does not support are left out.
     */
    private static void applyXattrs(byte[] path, int fd, Map<String, byte[]> xattrs, boolean userAllowed)
            throws IOException {
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            String name = xattr.getKey();
            if (name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.")
                    || !userAllowed && name.startsWith("user.")) {
                continue;
            }
            if (name.indexOf('\0') >= 0) {
                throw new LayerException("extended attribute name contains a NUL byte");
            }
            try {
                if (fd >= 0) {
                    Libc.setXattr(fd, name, xattr.getValue(), path);
                } else {
                    Libc.setXattr(path, name, xattr.getValue());
                }
            } catch (ErrnoException e) {
                switch (e.errno()) {
                    case Libc.EOPNOTSUPP:
                        break;
                    case Libc.ERANGE, Libc.EINVAL, Libc.E2BIG:
                        throw new LayerException("bad extended attribute " + name + ": " + e.getMessage(), e);
                    default:
                        throw e;
                }
            }
        }
    }

    /** Failures the layer's content causes (names too long, links to nothing…) versus the system's own. */
    private static IOException contentError(ErrnoException e) {
        return switch (e.errno()) {
            case Libc.ENAMETOOLONG, Libc.ENOENT, Libc.ENOTDIR, Libc.ELOOP, Libc.EMLINK, Libc.EEXIST, Libc.EISDIR ->
                    throw new LayerException(e.getMessage(), e);
            default -> e;
        };
    }

    /** The process umask (Linux 4.7+ shows it in /proc/self/status); 0777 if unknown, so modes are always set. */
    private static int currentUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // fall through
        }
        return 0777;
    }
}
