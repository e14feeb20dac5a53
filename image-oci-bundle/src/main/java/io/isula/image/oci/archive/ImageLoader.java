package io.isula.image.oci.archive;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.util.ProgressPace;
import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.store.ChainIds;
import io.isula.image.oci.store.ImageNames;
import io.isula.image.oci.store.LayerSource;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.StoreTransaction;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * {@code load}: the images of a docker-archive or an OCI layout tarball. Everything is checked before anything is
 * stored: the archive's metadata first, then each layer as it is unpacked (diff id against the config); images are
 * registered only once every layer of every image is in. A failed load registers nothing and removes the layers it
 * unpacked that nothing else uses. Layers already stored are reused. Up to {@link #PARALLEL_LAYERS} layers are
 * unpacked at once (a layer's files do not depend on the layer below; the image is checked when registered).
 */
public final class ImageLoader {
    private static final int PARALLEL_LAYERS = 3;

    private final OciStore store;

    public ImageLoader(OciStore store) {
        this.store = store;
    }

    /**
     * @param tag a name for the archive's only image (replacing its names), or null
     * @return the names loaded (familiar form), or {@code sha256:<id>} for an image without a name
     */
    public List<String> load(Path archivePath, String tag, Consumer<ProgressUpdate> progress) throws IOException {
        String tagRef = tag == null || tag.isBlank() ? null : ImageNames.tagged(tag);
        String label = archivePath.getFileName() == null ? archivePath.toString() : archivePath.getFileName().toString();
        try (ArchiveFile archive = ArchiveFile.open(archivePath, store.paths().scratch())) {
            List<ArchiveImage> images = read(archive);
            if (tagRef != null && images.size() != 1) {
                throw new ArchiveException("--tag names one image, but the archive holds " + images.size());
            }
            List<List<String>> names = new ArrayList<>();
            for (ArchiveImage image : images) {
                if (tagRef != null) {
                    names.add(List.of(tagRef));
                } else if (image.nameProblem() != null) {
                    throw new ArchiveException(image.nameProblem());
                } else {
                    names.add(image.names());
                }
            }
            List<String> loaded = new ArrayList<>();
            try (StoreTransaction tx = store.begin()) {
                Object progressLock = new Object();
                Consumer<ProgressUpdate> oneAtATime = update -> {
                    synchronized (progressLock) { // layers report from several threads
                        progress.accept(update);
                    }
                };
                unpackLayers(archive, images, tx, oneAtATime);
                for (int i = 0; i < images.size(); i++) {
                    ArchiveImage image = images.get(i);
                    String id = tx.registerImage(image.config(), image.manifest(), image.manifestDigest(), names.get(i),
                            List.of());
                    if (names.get(i).isEmpty()) {
                        loaded.add("sha256:" + id);
                    } else {
                        names.get(i).forEach(n -> loaded.add(ImageNames.familiar(n)));
                    }
                }
            }
            return loaded;
        } catch (ArchiveException | LayerException | EOFException | ZipException e) {
            throw EngineException.invalid("invalid archive " + label + ": " + e.getMessage());
        }
    }

    private static List<ArchiveImage> read(ArchiveFile archive) throws IOException {
        if (archive.has(DockerArchive.MANIFEST)) {
            return DockerArchive.read(archive);
        }
        if (archive.has(OciLayout.INDEX)) {
            return OciLayout.read(archive);
        }
        throw new ArchiveException("neither " + DockerArchive.MANIFEST + " (docker-archive) nor " + OciLayout.INDEX
                + " (OCI layout) found");
    }

    /**
     * Unpacks every layer of {@code images} not in the store yet, several at a time; a layer two images share is
     * unpacked once (the store makes the second wait for the first, which it then reuses).
     */
    private static void unpackLayers(ArchiveFile archive, List<ArchiveImage> images, StoreTransaction tx,
                                     Consumer<ProgressUpdate> progress) throws IOException {
        List<LayerJob> jobs = new ArrayList<>();
        for (ArchiveImage image : images) {
            Digest parent = null;
            for (ArchiveImage.Layer layer : image.layers()) {
                jobs.add(new LayerJob(archive, image, layer, parent, tx, progress));
                parent = ChainIds.chainId(parent, layer.diffId());
            }
        }
        if (jobs.size() == 1) {
            jobs.get(0).run();
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_LAYERS, jobs.size()), r -> {
            Thread t = new Thread(r, "isula-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (LayerJob job : jobs) {
                running.add(pool.submit(() -> {
                    job.run();
                    return null;
                }));
            }
            awaitAll(running);
        } finally {
            pool.shutdown();
            awaitTermination(pool);
        }
    }

    /** Waits for the jobs; at the first failure the jobs not started yet are cancelled, and the failure thrown. */
    private static void awaitAll(List<Future<Void>> running) throws IOException {
        Throwable first = null;
        boolean interrupted = false;
        for (Future<Void> f : running) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (CancellationException e) {
                    break;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                        running.forEach(other -> other.cancel(false));
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new IOException(first);
        }
    }

    /** Waits until no job runs any more: nothing may write into the store once the transaction closes. */
    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One layer of an archive image, unpacked unless the store has it. */
    private record LayerJob(ArchiveFile archive, ArchiveImage image, ArchiveImage.Layer layer, Digest parent,
                            StoreTransaction tx, Consumer<ProgressUpdate> progress) {
        void run() throws IOException {
            Digest chainId = ChainIds.chainId(parent, layer.diffId());
            String shortId = layer.diffId().shortHex();
            if (tx.hasLayer(chainId)) {
                progress.accept(ProgressUpdate.of(shortId, "Already exists"));
                return;
            }
            TarArchiveEntry entry = archive.file(layer.entry(), image.label() + ": layer");
            LayerSource source = () -> new Progress(archive.open(entry, image.label() + ": layer"), shortId,
                    entry.getSize(), progress);
            try {
                tx.unpackLayer(source, parent, layer.diffId(), layer.compressedDigest());
            } catch (LayerException e) {
                throw new LayerException(image.label() + ": layer " + layer.entry() + ": " + e.getMessage(), e);
            }
            progress.accept(new ProgressUpdate(shortId, "Loading layer", entry.getSize(), entry.getSize()));
        }
    }

    /** Reports the bytes read at Docker's pace. */
    private static final class Progress extends FilterInputStream {
        private final String id;
        private final long total;
        private final Consumer<ProgressUpdate> sink;
        private final ProgressPace pace = new ProgressPace();
        private long read;

        Progress(InputStream in, String id, long total, Consumer<ProgressUpdate> sink) {
            super(in);
            this.id = id;
            this.total = total;
            this.sink = sink;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void advance(long n) {
            read += n;
            if (pace.due()) {
                sink.accept(new ProgressUpdate(id, "Loading layer", read, total));
            }
        }
    }
}
