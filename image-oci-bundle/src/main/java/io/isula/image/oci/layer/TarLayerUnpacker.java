package io.isula.image.oci.layer;

import com.github.luben.zstd.ZstdException;
import io.isula.image.oci.sys.ErrnoException;
import io.isula.image.oci.sys.Libc;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * Unpacks a layer tar (plain, gzip or zstd, told by its first bytes) into a layer directory for overlayfs.
 *
 * <p>What the tar holds is recreated as it was: names byte for byte (UTF-8 or not), regular files, directories, symbolic links (targets verbatim,
 * absolute or dangling alike: they are never followed here), hard links (to entries earlier in the same layer
 * only), character and block devices, fifos, numeric owners, full modes with setuid, setgid and sticky, times
 * to the nanosecond (links' own), and extended attributes from PAX {@code SCHILY.xattr.*} records (values raw,
 * so {@code security.capability} survives). OCI whiteouts become overlayfs's: {@code .wh.NAME} a character
 * device 0/0 named NAME, {@code .wh..wh..opq} the xattr {@code trusted.overlay.opaque=y} on its directory;
 * other {@code .wh..wh.*} entries are dropped, and so are {@code trusted.overlay.*} xattrs in the tar.
 *
 * <p>Nothing is written outside the target: entry names are normalized and refused when absolute or leading
 * out with {@code ..}; no path is ever resolved through a symbolic link (an entry under a link is refused);
 * hard link targets must resolve inside the layer the same way; an entry replacing an earlier one removes it
 * first, so content is never written through a link. A broken layer raises {@link LayerException} naming
 * the entry, possibly with part of the layer already unpacked: the caller deletes the target directory then.
 * A failure of the caller's stream is rethrown as it came.
 *
 * <p>The diff id is the sha256 of the whole uncompressed stream, read to its very end (tar padding and
 * anything after the end-of-archive blocks included), as registries and {@code docker save} compute it. The
 * size is iSulad's: the st_size of every entry that is not a directory (file content, symlink targets, a hard-linked
 * file once per name; devices and whiteouts count nothing).
 */
public final class TarLayerUnpacker implements LayerUnpacker {
    private static final int RAW_BUFFER = 64 * 1024;
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final String AUFS_META_PREFIX = ".wh..wh.";
    private static final long MAX_ID = 0xfffffffeL;
    private static final byte GNU_DUMPDIR = 'D';

    public TarLayerUnpacker() {
    }

    @Override
    public UnpackedLayer unpack(InputStream layer, Path target) throws IOException {
        SourceStream source = new SourceStream(layer);
        BufferedInputStream raw = new BufferedInputStream(source, RAW_BUFFER);
        ReadAhead tarBytes = null;
        String entryName = null;
        try {
            Compression compression = Compression.detect(raw);
            HashingInputStream hashed = new HashingInputStream(compression.open(raw));
            tarBytes = new ReadAhead(hashed, raw);
            LayerTarInputStream tar = new LayerTarInputStream(tarBytes);
            LayerWriter writer = new LayerWriter(target);
            for (TarArchiveEntry entry; (entry = tar.nextEntry()) != null; ) {
                entryName = tar.name();
                try {
                    extract(entry, tar, writer);
                } catch (LayerException e) {
                    throw new LayerException("layer entry \"" + EntryPath.printable(entryName) + "\": "
                            + e.getMessage(), e);
                }
            }
            entryName = null;
            writer.finish();
            tarBytes.transferTo(OutputStream.nullOutputStream()); // to the end of the blob, padding and all
            return new UnpackedLayer(hashed.digest(), writer.apparentBytes());
        } catch (LayerException | ErrnoException | Compression.DecoderUnavailable e) {
            throw e;
        } catch (IOException | IllegalArgumentException | ZstdException e) {
            if (source.failure() != null) {
                throw source.failure();
            }
            throw new LayerException("bad layer" + (entryName == null ? "" : " at entry \""
                    + EntryPath.printable(entryName) + "\"") + ": " + e.getMessage(), e);
        } finally {
            if (tarBytes != null) {
                tarBytes.close(); // stops reading ahead after a failure; the caller's stream stays open
            }
        }
    }

    private static void extract(TarArchiveEntry entry, LayerTarInputStream tar, LayerWriter writer)
            throws IOException {
        String rawName = tar.name();
        String rel = EntryPath.normalize(rawName, "the name");
        String name = EntryPath.fileName(rel);
        if (name.startsWith(WHITEOUT_PREFIX)) {
            whiteout(rel, name, entry, writer);
            return;
        }
        byte type = entry.getLinkFlag();
        if (isDirectory(type, rawName)) {
            writer.directory(rel, metadata(entry, tar.xattrs()));
            return;
        }
        if (rel.isEmpty()) {
            throw new LayerException("only a directory can stand for the layer directory itself");
        }
        switch (type) {
            case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG,
                    TarConstants.LF_GNUTYPE_SPARSE -> writer.regularFile(rel, metadata(entry, tar.xattrs()), tar);
            case TarConstants.LF_LINK -> writer.hardLink(rel, EntryPath.normalize(tar.linkName(),
                    "the hard link target \"" + EntryPath.printable(tar.linkName()) + "\""));
            case TarConstants.LF_SYMLINK -> writer.symlink(rel, tar.linkName(), metadata(entry, tar.xattrs()));
            case TarConstants.LF_CHR -> writer.special(rel, Libc.S_IFCHR, entry.getDevMajor(), entry.getDevMinor(),
                    metadata(entry, tar.xattrs()));
            case TarConstants.LF_BLK -> writer.special(rel, Libc.S_IFBLK, entry.getDevMajor(), entry.getDevMinor(),
                    metadata(entry, tar.xattrs()));
            case TarConstants.LF_FIFO -> writer.special(rel, Libc.S_IFIFO, 0, 0, metadata(entry, tar.xattrs()));
            default -> throw new LayerException("unsupported tar entry type '" + (char) type + "'");
        }
    }

    /** Directory entries by type, plus old tars' regular entries named with a trailing slash and GNU dumpdirs. */
    private static boolean isDirectory(byte type, String rawName) {
        return type == TarConstants.LF_DIR || type == GNU_DUMPDIR
                || (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM) && rawName.endsWith("/");
    }

    private static void whiteout(String rel, String name, TarArchiveEntry entry, LayerWriter writer)
            throws IOException {
        String dir = EntryPath.parent(rel);
        if (name.equals(OPAQUE_MARKER)) {
            writer.opaque(dir);
        } else if (!name.startsWith(AUFS_META_PREFIX)) {
            String hidden = name.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new LayerException("whiteout of an invalid name");
            }
            writer.whiteout(EntryPath.child(dir, hidden), id(entry.getLongUserId(), "uid"),
                    id(entry.getLongGroupId(), "gid"));
        }
        // other .wh..wh.* entries are aufs bookkeeping (hard link dirs, its own metadata): nothing for overlayfs
    }

    private static EntryMetadata metadata(TarArchiveEntry entry, Map<String, byte[]> xattrs) {
        Instant mtime = entry.getLastModifiedTime().toInstant();
        FileTime accessed = entry.getLastAccessTime();
        Instant atime = accessed == null ? mtime : accessed.toInstant();
        return new EntryMetadata(entry.getMode(), id(entry.getLongUserId(), "uid"), id(entry.getLongGroupId(), "gid"),
                atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano(), xattrs);
    }

    private static long id(long id, String what) {
        if (id < 0 || id > MAX_ID) {
            throw new LayerException(what + " " + id + " is out of range");
        }
        return id;
    }
}
