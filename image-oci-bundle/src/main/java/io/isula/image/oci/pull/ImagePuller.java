package io.isula.image.oci.pull;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProgressUpdate;
import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageConfigFile;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.registry.RegistryClient;
import io.isula.image.oci.registry.ResolvedManifest;
import io.isula.image.oci.store.ChainIds;
import io.isula.image.oci.store.IngestFile;
import io.isula.image.oci.store.LayerSource;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.StoreTransaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One {@code pull}: resolve the manifest for this platform, fetch the config, download the missing layers in
 * parallel (resuming partial files), unpack each as soon as it is complete, and register the image last, so an
 * interrupted pull leaves no image. A layer the store knows nothing of starts downloading while the config is still
 * on its way; its unpacking waits for the config (which names its diff id and chain). Everything runs inside one
 * {@link StoreTransaction}: what a failed pull fetched and nothing uses is removed when it ends.
 */
public final class ImagePuller {
    private final RegistryClient registry;
    private final OciStore store;
    private final ExecutorService downloads;
    private final Platform platform;

    public ImagePuller(RegistryClient registry, OciStore store, ExecutorService downloads, Platform platform) {
        this.registry = registry;
        this.store = store;
        this.downloads = downloads;
        this.platform = platform;
    }

    /** Pulls {@code reference} (credentials null: stored ones) and returns the image id ({@code sha256:<hex>}). */
    public String pull(ImageReference reference, Credentials credentials, Consumer<ProgressUpdate> progress) {
        progress.accept(ProgressUpdate.message((reference.tag() != null ? reference.tag() : reference.digest().toString())
                + ": Pulling from " + reference.repository()));
        ResolvedManifest resolved = registry.resolve(reference, platform, credentials);
        List<Descriptor> layers = resolved.manifest().layers();
        for (Descriptor layer : layers) {
            if (layer.mediaType() != null && !MediaTypes.LAYERS.contains(layer.mediaType())) {
                throw EngineException.invalid("image " + reference + " has a layer of unsupported media type "
                        + layer.mediaType());
            }
        }
        String id;
        try (StoreTransaction tx = store.begin()) {
            CompletableFuture<List<LayerIds>> layerIds = new CompletableFuture<>();
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                LayerStep step = new LayerStep(tx, resolved, layers.get(i), i, layerIds, progress);
                work.add(CompletableFuture.runAsync(step::run, downloads));
            }
            Descriptor configDescriptor = resolved.manifest().config();
            byte[] config;
            try {
                config = registry.fetchSmallBlob(resolved, configDescriptor, RegistryClient.MAX_CONFIG_BYTES);
                layerIds.complete(LayerIds.of(reference, config, configDescriptor, layers.size()));
            } catch (RuntimeException e) {
                layerIds.completeExceptionally(e);
                work.forEach(ImagePuller::awaitQuietly);
                throw e;
            }
            awaitAll(work);
            List<String> names = reference.tag() != null ? List.of(reference.toString()) : List.of();
            List<String> repoDigests = List.of(reference.name() + "@" + resolved.repoDigest());
            id = tx.registerImage(config, resolved.manifestBytes(), resolved.manifestDigest(), names, repoDigests);
        } catch (IOException e) {
            throw EngineException.internal("pull of " + reference + " failed: " + e.getMessage(), e);
        }
        progress.accept(ProgressUpdate.message("Digest: " + resolved.repoDigest()));
        progress.accept(ProgressUpdate.message("Status: Downloaded newer image for " + reference.familiarName()
                + (reference.tag() != null ? ":" + reference.tag() : "@" + reference.digest())));
        return id.startsWith("sha256:") ? id : "sha256:" + id;
    }

    /** What the config says of each layer: its diff id, and its chain and the one below it. */
    private record LayerIds(Digest diffId, Digest parentChainId, Digest chainId) {
        static List<LayerIds> of(ImageReference reference, byte[] config, Descriptor descriptor, int layers) {
            ImageConfigFile image = OciJson.read(config, ImageConfigFile.class, "image config " + descriptor.digest());
            List<Digest> diffIds = image.diffIds();
            if (diffIds.size() != layers) {
                throw EngineException.invalid("image " + reference + " is inconsistent: its manifest lists " + layers
                        + " layers but its config " + diffIds.size() + " diff ids");
            }
            List<Digest> chainIds = ChainIds.chainIds(diffIds);
            List<LayerIds> ids = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                ids.add(new LayerIds(diffIds.get(i), i == 0 ? null : chainIds.get(i - 1), chainIds.get(i)));
            }
            return ids;
        }
    }

    /** Waits for every layer; the first failure cancels nothing already running but is the one reported. */
    private static void awaitAll(List<CompletableFuture<Void>> work) {
        try {
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw EngineException.internal(io.getCause().getMessage(), io.getCause());
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw EngineException.internal(String.valueOf(cause), cause);
        }
    }

    /** Download (or reuse) and unpack one layer. */
    private final class LayerStep {
        private final StoreTransaction tx;
        private final ResolvedManifest resolved;
        private final Descriptor blob;
        private final int index;
        private final CompletableFuture<List<LayerIds>> layerIds;
        private final Consumer<ProgressUpdate> progress;
        private final String shortId;

        LayerStep(StoreTransaction tx, ResolvedManifest resolved, Descriptor blob, int index,
                  CompletableFuture<List<LayerIds>> layerIds, Consumer<ProgressUpdate> progress) {
            this.tx = tx;
            this.resolved = resolved;
            this.blob = blob;
            this.index = index;
            this.layerIds = layerIds;
            this.progress = progress;
            this.shortId = blob.digest().shortHex();
        }

        /** This layer's ids, once the config is read (a config that failed fails the step too). */
        private LayerIds ids() {
            return layerIds.join().get(index);
        }

        void run() {
            try {
                boolean early = !layerIds.isDone() && !tx.knowsBlob(blob.digest());
                if (!early && tx.hasLayer(ids().chainId())) {
                    progress.accept(ProgressUpdate.of(shortId, "Already exists"));
                    return;
                }
                progress.accept(ProgressUpdate.of(shortId, "Pulling fs layer"));
                Optional<Path> stored = tx.blob(blob.digest());
                if (stored.isPresent()) {
                    unpack(stored.get());
                    return;
                }
                Path file;
                try (IngestFile ingest = tx.ingest(blob.digest())) {
                    // a concurrent pull of the same blob may have finished while this one waited for the ingest lock
                    Optional<Path> meanwhile = tx.blob(blob.digest());
                    if (meanwhile.isPresent()) {
                        file = meanwhile.get();
                    } else if (ingest.size() == 0) {
                        fetchAndUnpack(ingest);
                        return;
                    } else {
                        file = fetch(ingest);
                    }
                }
                unpack(file);
            } catch (IOException e) {
                throw new UncheckedIOException("layer " + blob.digest() + ": " + e.getMessage(), e);
            }
        }

        private void unpack(Path file) throws IOException {
            progress.accept(ProgressUpdate.of(shortId, "Extracting"));
            LayerIds ids = ids();
            tx.unpackLayer(file, ids.parentChainId(), ids.diffId(), blob.digest());
            progress.accept(ProgressUpdate.of(shortId, "Pull complete"));
        }

        /** Resumes a partial download to its end and stores the blob. */
        private Path fetch(IngestFile ingest) throws IOException {
            long total = blob.size();
            registry.fetchBlob(resolved, blob, ingest.path(),
                    bytes -> progress.accept(new ProgressUpdate(shortId, "Downloading", bytes, total)));
            progress.accept(ProgressUpdate.of(shortId, "Download complete"));
            return ingest.commit(blob.digest());
        }

        /**
         * Downloads the blob and unpacks it at the same time: the unpacker reads the download file as it grows, on a
         * thread of its own. It reaches the end of the blob only once the download is complete and verified (size and
         * digest), so the store checks only the diff id over what it read before the layer is installed; a failed
         * download fails the unpacking, whose staged files are then removed. The partial file is kept for a resume
         * when the connection broke, as for a plain download; a complete one becomes a blob of the transaction (another
         * layer of the image with the same blob reuses it; it goes when the pull ends, as every layer blob).
         */
        private void fetchAndUnpack(IngestFile ingest) throws IOException {
            FollowedDownload download = new FollowedDownload(ingest.path());
            CompletableFuture<Void> unpacking = CompletableFuture.runAsync(() -> {
                LayerIds ids;
                try {
                    ids = ids();
                } catch (RuntimeException configFailed) {
                    download.abandon("the image's config could not be used");
                    throw configFailed;
                }
                try {
                    tx.unpackLayer(LayerSource.digestChecked(download::open), ids.parentChainId(), ids.diffId(),
                            blob.digest());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, ImagePuller::unpackThread);
            long total = blob.size();
            try {
                registry.fetchBlob(resolved.endpoint(), blob, ingest.path(),
                        bytes -> progress.accept(new ProgressUpdate(shortId, "Downloading", bytes, total)), download::grew);
            } catch (RuntimeException e) {
                download.fail("the download failed: " + e.getMessage());
                awaitQuietly(unpacking);
                throw e;
            }
            try {
                download.complete(() -> ingest.commit(blob.digest()));
            } catch (IOException | RuntimeException e) {
                download.fail("the downloaded blob could not be stored: " + e.getMessage());
                awaitQuietly(unpacking);
                throw e;
            }
            progress.accept(ProgressUpdate.of(shortId, "Download complete"));
            progress.accept(ProgressUpdate.of(shortId, "Extracting"));
            try {
                unpacking.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            progress.accept(ProgressUpdate.of(shortId, "Pull complete"));
        }
    }

    private static void unpackThread(Runnable task) {
        Thread t = new Thread(task, "isula-pull-unpack");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for {@code work} to end; its own failure is a consequence of the one being reported. */
    private static void awaitQuietly(CompletableFuture<Void> work) {
        try {
            work.join();
        } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
            // reported by the caller
        }
    }
}
