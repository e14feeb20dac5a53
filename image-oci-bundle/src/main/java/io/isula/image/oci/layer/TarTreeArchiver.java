package io.isula.image.oci.layer;

import io.isula.image.oci.sys.ErrnoException;
import io.isula.image.oci.sys.Libc;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a directory tree as an uncompressed tar the way {@code tar --numeric-owner -C root -c .} does: entries
 * {@code ./} and {@code ./name…}, names byte for byte, numeric uid/gid, permission bits with setuid, setgid and
 * sticky, modification times in whole seconds, symbolic links stored (never followed), hard links (same device
 * and inode, more than one link) as link entries to the first name archived, character and block devices with
 * their numbers, fifos; sockets are left out, as GNU tar does. Extended attributes {@code security.capability}
 * and {@code user.*} (not overlayfs's own) go into PAX {@code SCHILY.xattr.*} records with raw values. Names or
 * link targets over 100 bytes and numbers too large for the ustar fields get a PAX header too (and base-256
 * numbers in the ustar fields). Directories are listed in byte order, so one tree always gives the same tar.
 *
 * <p>The walk descends into whatever is mounted below {@code root}, as GNU tar without
 * {@code --one-file-system}: export a container's rootfs mounted on its own, with nothing mounted inside it.
 */
public final class TarTreeArchiver implements TreeArchiver {
    private static final int BUFFER = 256 * 1024;
    private static final int USTAR_NAME = 100;
    private static final long USTAR_ID_MAX = 07777777L;
    private static final long USTAR_SIZE_MAX = 077777777777L;
    private static final String CAPABILITY = "security.capability";

    public TarTreeArchiver() {
    }

    @Override
    public void write(Path root, OutputStream out) throws IOException {
        byte[] rootPath = Libc.path(root.toRealPath().toString());
        Libc.Stat rootStat = Libc.lstat(rootPath);
        if (!rootStat.isDirectory()) {
            throw new IOException(root + " is not a directory");
        }
        BufferedOutputStream buffered = new BufferedOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the caller closes its own stream
            }
        }, 256 * 1024);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(buffered, TarConstants.DEFAULT_BLKSIZE,
                Names.BYTES.name());
        // PAX headers are written here (raw bytes); commons-compress writes the ustar header after them
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        new Walk(tar).directory(rootPath, "./", rootStat);
        tar.finish();
        buffered.flush();
    }

    private static final class Walk {
        private final TarArchiveOutputStream tar;
        private final Map<String, String> firstNameOfInode = new HashMap<>();
        private final ByteBuffer direct = ByteBuffer.allocateDirect(BUFFER);
        private final byte[] heap = new byte[BUFFER];

        Walk(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        /** Archives a directory, then what it holds; {@code name} ends with '/'. */
        void directory(byte[] path, String name, Libc.Stat stat) throws IOException {
            add(path, name, stat, new TarArchiveEntry(name, TarConstants.LF_DIR, true));
            List<byte[]> children = Libc.list(path);
            children.sort(Arrays::compareUnsigned);
            for (byte[] child : children) {
                byte[] childPath = Libc.child(path, child);
                String childName = name + Names.of(child);
                Libc.Stat childStat;
                try {
                    childStat = Libc.lstat(childPath);
                } catch (ErrnoException e) {
                    if (e.errno() == Libc.ENOENT) {
                        continue; // removed since the listing
                    }
                    throw e;
                }
                if (childStat.isDirectory()) {
                    directory(childPath, childName + "/", childStat);
                } else {
                    other(childPath, childName, childStat);
                }
            }
        }

        private void other(byte[] path, String name, Libc.Stat stat) throws IOException {
            if (stat.type() == Libc.S_IFSOCK) {
                return;
            }
            if (stat.nlink() > 1) {
                String inode = stat.devMajor() + ":" + stat.devMinor() + ":" + stat.inode();
                String first = firstNameOfInode.putIfAbsent(inode, name);
                if (first != null) {
                    TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                    link.setLinkName(first);
                    add(path, name, stat, link);
                    return;
                }
            }
            TarArchiveEntry entry;
            switch (stat.type()) {
                case Libc.S_IFREG -> {
                    entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                    entry.setSize(stat.size());
                }
                case Libc.S_IFLNK -> {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                    entry.setLinkName(Names.of(Libc.readlink(path)));
                }
                case Libc.S_IFCHR, Libc.S_IFBLK -> {
                    entry = new TarArchiveEntry(name, stat.type() == Libc.S_IFCHR ? TarConstants.LF_CHR
                            : TarConstants.LF_BLK, true);
                    entry.setDevMajor(stat.rdevMajor());
                    entry.setDevMinor(stat.rdevMinor());
                }
                case Libc.S_IFIFO -> entry = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
                default -> throw new IOException("cannot archive " + Libc.text(path) + ": unknown file type "
                        + Integer.toOctalString(stat.type()));
            }
            add(path, name, stat, entry);
        }

        private void add(byte[] path, String name, Libc.Stat stat, TarArchiveEntry entry) throws IOException {
            entry.setMode(stat.permissions());
            entry.setUserId(stat.uid());
            entry.setGroupId(stat.gid());
            entry.setUserName("");
            entry.setGroupName("");
            entry.setModTime(FileTime.from(stat.mtimeSeconds(), TimeUnit.SECONDS));
            byte[] pax = paxRecords(path, name, stat, entry);
            if (pax.length > 0) {
                TarArchiveEntry header = new TarArchiveEntry(paxHeaderName(name),
                        TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
                header.setUserName("");
                header.setGroupName("");
                header.setModTime(entry.getLastModifiedTime());
                header.setSize(pax.length);
                tar.putArchiveEntry(header);
                tar.write(pax);
                tar.closeArchiveEntry();
            }
            tar.putArchiveEntry(entry);
            if (entry.getLinkFlag() == TarConstants.LF_NORMAL) {
                copyContent(path, entry.getSize());
            }
            tar.closeArchiveEntry();
        }

        private byte[] paxRecords(byte[] path, String name, Libc.Stat stat, TarArchiveEntry entry)
                throws IOException {
            ByteArrayOutputStream records = new ByteArrayOutputStream();
            if (name.length() > USTAR_NAME) {
                PaxRecords.append(records, "path", Names.bytes(name));
            }
            if (entry.getLinkName().length() > USTAR_NAME) {
                PaxRecords.append(records, "linkpath", Names.bytes(entry.getLinkName()));
            }
            if (entry.getSize() > USTAR_SIZE_MAX) {
                PaxRecords.append(records, "size", Long.toString(entry.getSize()));
            }
            if (stat.uid() > USTAR_ID_MAX) {
                PaxRecords.append(records, "uid", Long.toString(stat.uid()));
            }
            if (stat.gid() > USTAR_ID_MAX) {
                PaxRecords.append(records, "gid", Long.toString(stat.gid()));
            }
            if (stat.mtimeSeconds() < 0 || stat.mtimeSeconds() > USTAR_SIZE_MAX) {
                PaxRecords.append(records, "mtime", Long.toString(stat.mtimeSeconds()));
            }
            if (entry.getLinkFlag() == TarConstants.LF_LINK) {
                return records.toByteArray(); // the inode's attributes went with its first name
            }
            for (Map.Entry<String, byte[]> xattr : xattrs(path).entrySet()) {
                PaxRecords.append(records, "SCHILY.xattr." + xattr.getKey(), xattr.getValue());
            }
            return records.toByteArray();
        }

        private static Map<String, byte[]> xattrs(byte[] path) throws IOException {
            Map<String, byte[]> xattrs = new LinkedHashMap<>();
            for (String xattr : Libc.listXattrs(path)) {
                if (xattr.equals(CAPABILITY) || xattr.startsWith("user.") && !xattr.startsWith("user.overlay.")) {
                    byte[] value = Libc.getXattr(path, xattr);
                    if (value != null) {
                        xattrs.put(xattr, value);
                    }
                }
            }
            return xattrs;
        }

        /** A file's content; one that shrank since its size was read is padded with zeros, as GNU tar does. */
        private void copyContent(byte[] path, long size) throws IOException {
            int fd = Libc.openForReading(path);
            try {
                long remaining = size;
                while (remaining > 0) {
                    int n = Libc.read(fd, direct, (int) Math.min(remaining, BUFFER), path);
                    if (n == 0) {
                        break;
                    }
                    direct.get(0, heap, 0, n);
                    tar.write(heap, 0, n);
                    remaining -= n;
                }
                Arrays.fill(heap, (byte) 0);
                while (remaining > 0) {
                    int n = (int) Math.min(remaining, BUFFER);
                    tar.write(heap, 0, n);
                    remaining -= n;
                }
            } finally {
                Libc.close(fd, path);
            }
        }

        /** GNU tar's "./PaxHeaders/NAME" with the base name cut to fit the ustar name field. */
        private static String paxHeaderName(String name) {
            String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
            StringBuilder ascii = new StringBuilder("./PaxHeaders/");
            for (int i = 0; i < base.length() && ascii.length() < 99; i++) {
                char c = base.charAt(i);
                ascii.append(c >= 0x20 && c < 0x7f ? c : '_');
            }
            return new String(ascii.toString().getBytes(StandardCharsets.US_ASCII), Names.BYTES);
        }
    }
}
