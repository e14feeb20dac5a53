package io.isula.image.oci.store;

import io.isula.core.util.AtomicFiles;
import io.isula.image.oci.model.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Content-addressed files, {@code blobs/<algorithm>/<hex>}: image configs, manifests, layer blobs being unpacked. */
public final class BlobStore {
    private final StorePaths paths;

    BlobStore(StorePaths paths) {
        this.paths = paths;
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(paths.blob(digest));
    }

    public Path path(Digest digest) {
        return paths.blob(digest);
    }

    public byte[] read(Digest digest) throws IOException {
        return Files.readAllBytes(paths.blob(digest));
    }

    /**
     * Stores {@code content} under its digest (written atomically, not synced: the image record that needs it is the
     * one durable write of a pull, and recovery drops an image whose config went missing; a blob already there is
     * left as it is).
     */
    Path put(Digest digest, byte[] content) throws IOException {
        Digest actual = hash(digest, content);
        if (!actual.equals(digest)) {
            throw new IllegalArgumentException("content does not match digest " + digest + " (it is " + actual + ")");
        }
        Path target = paths.blob(digest);
        if (!Files.isRegularFile(target)) {
            AtomicFiles.replaceUnsynced(target, content);
        }
        return target;
    }

    /**
     * Moves a verified download into place under {@code digest}, atomically. Not synced: layer blobs are unpacked and
     * dropped within the same pull.
     */
    Path commit(Path verified, Digest digest) throws IOException {
        Path target = paths.blob(digest);
        Files.createDirectories(target.getParent());
        Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    void delete(Digest digest) throws IOException {
        Files.deleteIfExists(paths.blob(digest));
    }

    /** Every blob stored, temporary files left out. */
    List<Digest> all() throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(paths.blobRoot())) {
            return out;
        }
        try (Stream<Path> algorithms = Files.list(paths.blobRoot())) {
            for (Path alg : algorithms.toList()) {
                if (!Files.isDirectory(alg)) {
                    continue;
                }
                try (Stream<Path> blobs = Files.list(alg)) {
                    for (Path b : blobs.toList()) {
                        if (!StorePaths.isTemporary(b) && Digest.isDigest(alg.getFileName() + ":" + b.getFileName())) {
                            out.add(Digest.parse(alg.getFileName() + ":" + b.getFileName()));
                        }
                    }
                }
            }
        }
        return out;
    }

    static Digest hash(Digest like, byte[] content) {
        return new Digest(like.algorithm(), java.util.HexFormat.of().formatHex(like.newHasher().digest(content)));
    }
}
