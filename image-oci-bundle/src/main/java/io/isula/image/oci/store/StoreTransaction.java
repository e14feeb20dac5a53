package io.isula.image.oci.store;

import io.isula.image.oci.model.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pull, load or import. Every layer and blob it finds or makes is pinned until {@link #close()}: a
 * concurrent {@code rmi} cannot remove it meanwhile. On close, pinned layers and blobs that no image or
 * container uses (a failed or partial operation, layer blobs once unpacked) are removed.
 *
 * <p>Typical use by a pull: for each layer, {@link #hasLayer} by chain id; if absent, {@link #ingest} the blob,
 * {@link IngestFile#commit} it, and {@link #unpackLayer}; then {@link #registerImage}. Thread-safe: layers may be
 * fetched and unpacked in parallel (a child before its parent is fine; the image is checked when registered).
 */
public final class StoreTransaction implements AutoCloseable {
    private final OciStore store;
    final Set<String> layerPins = new HashSet<>();
    final Set<Digest> blobPins = new HashSet<>();
    private boolean closed;

    StoreTransaction(OciStore store) {
        this.store = store;
    }

    /** Whether the layer with this chain id is in the store (it is then pinned for this transaction). */
    public boolean hasLayer(Digest chainId) {
        return store.pinLayerIfPresent(this, chainId.hex(), null);
    }

    /**
     * Whether the store has anything of the blob with this digest: the blob itself, or a layer unpacked from it. When
     * it has neither, the layer is almost surely missing (only a layer stored from another compression of the same
     * content is not seen here).
     */
    public boolean knowsBlob(Digest digest) {
        return store.knowsCompressedDigest(digest);
    }

    /** The stored blob with this digest, if any (then pinned for this transaction). */
    public Optional<Path> blob(Digest digest) {
        return store.pinBlobIfPresent(this, digest);
    }

    /**
     * The partial download file of {@code digest}, held exclusively until the returned handle is closed (a
     * concurrent pull of the same blob waits here; it should then look at {@link #blob} before downloading).
     */
    public IngestFile ingest(Digest digest) throws IOException {
        KeyedLocks.Held held = store.lockIngest(digest);
        try {
            Path partial = store.paths().ingestFile(digest);
            Files.createDirectories(partial.getParent());
            if (!Files.exists(partial)) {
                Files.createFile(partial);
            }
            return new IngestFile(digest, partial, held, this);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    Path commitBlob(Path partial, Digest digest) throws IOException {
        return store.commitBlob(this, partial, digest);
    }

    /**
     * Unpacks a layer blob file (compressed or not) as the layer {@code chainId(parentChainId, diffId)} and returns
     * that chain id. A layer already stored is not unpacked again. Nothing is registered when the content's diff
     * id differs from {@code diffId} or the file's digest from {@code compressedDigest}.
     *
     * @param parentChainId    the chain id of the layer below, null for a base layer
     * @param diffId           the diff id the image config names; null to accept what the content hashes to (import)
     * @param compressedDigest the blob's digest, checked and recorded; may be null
     */
    public Digest unpackLayer(Path blob, Digest parentChainId, Digest diffId, Digest compressedDigest) throws IOException {
        return unpackLayer(() -> Files.newInputStream(blob), parentChainId, diffId, compressedDigest);
    }

    /** {@link #unpackLayer(Path, Digest, Digest, Digest)} from any source, opened only if the layer must be unpacked. */
    public Digest unpackLayer(LayerSource source, Digest parentChainId, Digest diffId, Digest compressedDigest)
            throws IOException {
        requireOpen();
        return store.unpack(this, source, parentChainId, diffId, compressedDigest);
    }

    /**
     * Stores an image and returns its id (the config's sha256 hex). Every layer of the config's
     * {@code rootfs.diff_ids} must be in the store. Each name is taken from the image holding it (which keeps its
     * other names, or is left untagged); an image already stored gains the names.
     *
     * @param manifest       the manifest it came with, or null; kept as a blob
     * @param manifestDigest the manifest's digest (verified), null when there is no manifest
     * @param names          tag references ({@code busybox}, {@code host:5000/app:1.0}), normalized here
     * @param repoDigests    digest references ({@code busybox@sha256:…})
     */
    public String registerImage(byte[] config, byte[] manifest, Digest manifestDigest, List<String> names,
                                List<String> repoDigests) throws IOException {
        requireOpen();
        return store.register(this, config, manifest, manifestDigest, names, repoDigests);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("transaction is closed");
        }
    }

    /** Unpins everything; removes what this transaction pinned and nothing uses. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.release(this);
        }
    }
}
