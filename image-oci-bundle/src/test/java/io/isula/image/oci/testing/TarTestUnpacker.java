package io.isula.image.oci.testing;

import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.layer.UnpackedLayer;
import io.isula.image.oci.model.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small unpacker for unit tests only (plain or gzip tar; directories, files with their permission bits,
 * symlinks; no whiteouts, devices or ownership). The engine's real unpacker is a separate, hardened implementation.
 */
public final class TarTestUnpacker implements LayerUnpacker {
    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
        return calls.get();
    }

    @Override
    public UnpackedLayer unpack(InputStream layer, Path target) throws IOException {
        calls.incrementAndGet();
        BufferedInputStream in = new BufferedInputStream(layer);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream plain = b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(in) : in;
        MessageDigest sha = Digest.newSha256();
        DigestInputStream hashed = new DigestInputStream(plain, sha);
        long size = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
        try {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path dest = inside(target, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(dest.getParent());
                    Files.createSymbolicLink(dest, Path.of(e.getLinkName()));
                } else if (e.isFile()) {
                    if (dest.getFileName().toString().startsWith(".wh.")) {
                        throw new LayerException("the test unpacker does not handle whiteouts: " + e.getName());
                    }
                    Files.createDirectories(dest.getParent());
                    Files.copy(tar, dest);
                    Files.setPosixFilePermissions(dest, permissions(e.getMode()));
                    size += e.getSize();
                } else {
                    throw new LayerException("the test unpacker does not handle " + e.getName());
                }
            }
        } catch (LayerException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new LayerException("not a valid layer tar: " + e.getMessage(), e);
        }
        hashed.transferTo(OutputStream.nullOutputStream());
        return new UnpackedLayer(Digest.sha256(sha), size);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }

    private static Path inside(Path target, String name) {
        Path p = target.resolve(name).normalize();
        if (!p.startsWith(target) || Path.of(name).isAbsolute()) {
            throw new LayerException("entry escapes the layer: " + name);
        }
        return p;
    }
}
