package io.isula.image.oci.layer;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds tar streams for tests, hostile ones included: names are written as given, never cleaned. */
final class TestTar {
    static final FileTime MTIME = FileTime.fromMillis(1_600_000_000_000L);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;
    private int paxCount;

    TestTar() {
        this(TarConstants.DEFAULT_BLKSIZE);
    }

    TestTar(int blockSize) {
        this(blockSize, "UTF-8");
    }

    /** With header names encoded in {@code encoding} (ISO-8859-1 writes a String's chars as raw bytes). */
    TestTar(int blockSize, String encoding) {
        tar = new TarArchiveOutputStream(bytes, blockSize, encoding);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserName("");
        e.setGroupName("");
        e.setIds(0, 0);
        e.setModTime(MTIME);
        return e;
    }

    TestTar add(TarArchiveEntry entry, byte[] content) {
        try {
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestTar add(TarArchiveEntry entry) {
        return add(entry, new byte[0]);
    }

    TestTar dir(String name) {
        return add(entry(name, TarConstants.LF_DIR, 0755));
    }

    TestTar file(String name, String content) {
        return add(entry(name, TarConstants.LF_NORMAL, 0644), content.getBytes(StandardCharsets.UTF_8));
    }

    TestTar symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
        e.setLinkName(target);
        return add(e);
    }

    TestTar hardLink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
        e.setLinkName(target);
        return add(e);
    }

    /** A PAX extended header with raw record values, applying to the next entry. */
    TestTar pax(Map<String, byte[]> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        records.forEach((k, v) -> PaxRecords.append(data, k, v));
        return add(entry("PaxHeaders/" + paxCount++, TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644), data.toByteArray());
    }

    /** Appends raw bytes to the stream (after {@link #bytes()} or instead of more entries). */
    TestTar raw(byte[] data) {
        try {
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.writeBytes(data);
        return this;
    }

    /** The tar without its end-of-archive blocks (what is written so far). */
    byte[] unfinished() {
        try {
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
