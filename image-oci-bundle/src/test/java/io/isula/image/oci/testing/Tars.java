package io.isula.image.oci.testing;

import io.isula.image.oci.model.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds tar files in memory for tests: a name ending in "/" is a directory, "->" in a value makes a symlink. */
public final class Tars {
    private Tars() {
    }

    /** A tar of {@code files} (path → content; a path ending in "/" is a directory). */
    public static byte[] tar(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((k, v) -> bytes.put(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        return tarBytes(bytes);
    }

    public static byte[] tarBytes(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String name = f.getKey();
                TarArchiveEntry e;
                if (name.endsWith("/")) {
                    e = new TarArchiveEntry(name);
                } else if (f.getValue() != null && new String(f.getValue(), StandardCharsets.UTF_8).startsWith("->")) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(new String(f.getValue(), StandardCharsets.UTF_8).substring(2));
                } else {
                    e = new TarArchiveEntry(name);
                    e.setSize(f.getValue().length);
                }
                tar.putArchiveEntry(e);
                if (e.isFile() && !e.isSymbolicLink()) {
                    tar.write(f.getValue());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Digest sha256(byte[] content) {
        return Digest.sha256(content);
    }

    public static Map<String, String> files(String... pathThenContent) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathThenContent.length; i += 2) {
            m.put(pathThenContent[i], pathThenContent[i + 1]);
        }
        return m;
    }
}
