package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.fail;

import io.isula.itest.e2e.Env;
import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** How a layer blob is compressed, with its OCI media type. */
public enum Compression {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    /** Made by the {@code zstd} command (Debian's zstd), an implementation independent of the one under test. */
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The blob for an uncompressed tar; the same input gives the same bytes. */
    public byte[] compress(byte[] tar) {
        return switch (this) {
            case NONE -> tar.clone();
            case GZIP -> gzip(tar);
            case ZSTD -> zstd(tar);
        };
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] data) {
        Path zstd = Env.requireOnPath("zstd", "zstd-compressed test layers (apt-get install zstd)");
        Path in = null;
        try {
            in = Files.createTempFile("isula-test-layer", ".tar");
            Path out = Path.of(in + ".zst");
            Files.write(in, data);
            try {
                Result r = Exec.run(List.of(zstd.toString(), "-q", "-f", "--no-progress", in.toString(), "-o", out.toString()),
                        Map.of(), null, Duration.ofSeconds(60));
                if (r.exitCode() != 0) fail("zstd failed:\n" + r);
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot compress a layer with zstd: " + e, e);
        } finally {
            try {
                if (in != null) Files.deleteIfExists(in);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
