package io.isula.image.oci.archive;

import io.isula.image.oci.store.StorePaths;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * An image archive read in place with random access ({@link TarFile}): entries are found by name inside the
 * archive only. A name from the archive's own metadata never reaches the host file system: it is checked
 * (relative, no {@code ..}), and links inside the archive are followed only within it. A compressed archive
 * (gzip, bzip2, zstd) is first decompressed into the store's scratch folder. Entries may be read by several threads
 * at once: each stream over a plain entry reads the archive through a channel of its own.
 */
final class ArchiveFile implements Closeable {
    private static final int MAX_LINK_HOPS = 16;

    private final String label;
    private final TarFile tar;
    private final Path tarPath;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final Path scratchCopy;

    private ArchiveFile(String label, TarFile tar, Path tarPath, Path scratchCopy) {
        this.label = label;
        this.tar = tar;
        this.tarPath = tarPath;
        this.scratchCopy = scratchCopy;
        for (TarArchiveEntry e : tar.getEntries()) {
            String name = normalize(e.getName());
            if (!name.isEmpty()) {
                entries.put(name, e);
            }
        }
    }

    static ArchiveFile open(Path file, Path scratch) throws IOException {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException("cannot read " + file + ": not a regular file");
        }
        if (Files.size(file) == 0) {
            throw new ArchiveException("the file is empty");
        }
        Path copy = null;
        try {
            Path tarPath = file;
            InputStream decompressed = decompressing(file);
            if (decompressed != null) {
                Files.createDirectories(scratch);
                copy = StorePaths.tempIn(scratch, "load");
                try (InputStream in = decompressed) {
                    Files.copy(in, copy);
                } catch (IOException e) {
                    throw new ArchiveException("cannot decompress: " + e.getMessage(), e);
                }
                tarPath = copy;
            }
            TarFile tar;
            try {
                tar = new TarFile(tarPath, false);
            } catch (IOException | RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                throw new ArchiveException(why.toLowerCase(java.util.Locale.ROOT).contains("truncated")
                        ? "the archive is truncated" : "not a tar archive (" + why + ")", e);
            }
            if (tar.getEntries().isEmpty()) {
                tar.close();
                throw new ArchiveException("not a tar archive, or an empty one");
            }
            return new ArchiveFile(label, tar, tarPath, copy);
        } catch (IOException | RuntimeException e) {
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
            throw e;
        }
    }

    /** A decompressing stream when the file starts with a compression magic, else null. */
    private static InputStream decompressing(Path file) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return new GzipCompressorInputStream(raw, true);
            }
            if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                    && (head[3] & 0xff) == 0xfd) {
                return new ZstdCompressorInputStream(raw);
            }
            if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
                return new BZip2CompressorInputStream(raw, true);
            }
            if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z') {
                throw new ArchiveException("xz-compressed archives are not supported: decompress it first");
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        raw.close();
        return null;
    }

    String label() {
        return label;
    }

    boolean has(String name) {
        return entries.containsKey(normalize(name));
    }

    /** The regular file named {@code name} (a path from the archive's metadata), following links within the archive. */
    TarArchiveEntry file(String name, String what) throws ArchiveException {
        String current = checkedName(name, what);
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            TarArchiveEntry e = entries.get(current);
            if (e == null) {
                throw new ArchiveException(what + " \"" + name + "\" is not in the archive");
            }
            if (e.isSymbolicLink()) {
                current = resolveSymlink(current, e.getLinkName(), what, name);
            } else if (e.isLink()) {
                current = checkedName(e.getLinkName(), what + " (hard link target)");
            } else if (e.isFile()) {
                return e;
            } else {
                throw new ArchiveException(what + " \"" + name + "\" is not a regular file in the archive");
            }
        }
        throw new ArchiveException(what + " \"" + name + "\": too many links");
    }

    /** The whole content of a small entry (JSON documents), at most {@code max} bytes. */
    byte[] read(String name, String what, long max) throws IOException {
        TarArchiveEntry e = file(name, what);
        if (e.getSize() > max) {
            throw new ArchiveException(what + " \"" + name + "\" is too large (" + e.getSize() + " bytes)");
        }
        try (InputStream in = open(e, what)) {
            return in.readAllBytes();
        }
    }

    /**
     * A stream over the entry's content that fails when the archive ends before the entry does. A plain entry is read
     * through a channel of its own (positional reads of its bytes), so that streams may be read in parallel; a sparse
     * one through the shared archive, one read at a time.
     */
    InputStream open(TarArchiveEntry entry, String what) throws IOException {
        InputStream content = entry.isSparse() ? new OneAtATime(tar.getInputStream(entry), tar)
                : new EntrySlice(FileChannel.open(tarPath, StandardOpenOption.READ), entry.getDataOffset(), entry.getSize());
        return new ExactLength(new BufferedInputStream(content, 1 << 16), entry.getSize(),
                what + " \"" + entry.getName() + "\"");
    }

    private static String checkedName(String name, String what) throws ArchiveException {
        if (name == null || name.isEmpty()) {
            throw new ArchiveException(what + ": empty path");
        }
        if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new ArchiveException(what + " \"" + name + "\": only relative paths inside the archive are allowed");
        }
        String normalized = normalize(name);
        for (String part : normalized.split("/")) {
            if (part.equals("..")) {
                throw new ArchiveException(what + " \"" + name + "\": paths may not leave the archive (\"..\")");
            }
        }
        if (normalized.isEmpty()) {
            throw new ArchiveException(what + " \"" + name + "\": not a file path");
        }
        return normalized;
    }

    private static String resolveSymlink(String entry, String target, String what, String asked) throws ArchiveException {
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            throw new ArchiveException(what + " \"" + asked + "\": link to \"" + target + "\" leaves the archive");
        }
        Deque<String> parts = new ArrayDeque<>();
        int slash = entry.lastIndexOf('/');
        if (slash > 0) {
            for (String p : entry.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ArchiveException(what + " \"" + asked + "\": link to \"" + target + "\" leaves the archive");
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** {@code ./a//b/} → {@code a/b}. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(p);
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            if (scratchCopy != null) {
                Files.deleteIfExists(scratchCopy);
            }
        }
    }

    /** {@code length} bytes of a file from {@code start} on, read by position: the channel is this stream's alone. */
    private static final class EntrySlice extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        EntrySlice(FileChannel channel, long start, long length) {
            this.channel = channel;
            this.position = start;
            this.end = start + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = end - position;
            if (left <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The shared archive's entry stream, one read at a time across all such streams (they share its position). */
    private static final class OneAtATime extends FilterInputStream {
        private final Object lock;

        OneAtATime(InputStream in, Object lock) {
            super(in);
            this.lock = lock;
        }

        @Override
        public int read() throws IOException {
            synchronized (lock) {
                return in.read();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                return in.read(b, off, len);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            synchronized (lock) {
                return in.skip(n);
            }
        }
    }

    /** Fails with an {@link ArchiveException} when fewer bytes than the tar header promised can be read. */
    private static final class ExactLength extends FilterInputStream {
        private final long expected;
        private final String what;
        private long seen;

        ExactLength(InputStream in, long expected, String what) {
            super(in);
            this.expected = expected;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                checkComplete();
            } else {
                seen++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                checkComplete();
            } else {
                seen += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            seen += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }

        private void checkComplete() throws ArchiveException {
            if (seen < expected) {
                throw new ArchiveException(what + " is truncated: " + seen + " of " + expected + " bytes");
            }
        }
    }
}
