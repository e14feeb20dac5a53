package io.isula.image.oci.archive;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProgressUpdate;
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
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * {@code load}: the images of a docker-archive or an OCI layout tarball. Everything is checked before anything is
 * stored: the archive's metadata first, then each layer as it is unpacked (diff id against the config); images are
 * registered only once every layer of every image is in. A failed load registers nothing and removes the layers it
 * unpacked that nothing else uses. Layers already stored are reused.
 */
public final class ImageLoader {
    private static final long PROGRESS_STEP = 512 * 1024;

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
                for (ArchiveImage image : images) {
                    unpackLayers(archive, image, tx, progress);
                }
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

    private static void unpackLayers(ArchiveFile archive, ArchiveImage image, StoreTransaction tx,
                                     Consumer<ProgressUpdate> progress) throws IOException {
        Digest parent = null;
        for (ArchiveImage.Layer layer : image.layers()) {
            Digest chainId = ChainIds.chainId(parent, layer.diffId());
            String shortId = layer.diffId().shortHex();
            if (tx.hasLayer(chainId)) {
                progress.accept(ProgressUpdate.of(shortId, "Already exists"));
            } else {
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
            parent = chainId;
        }
    }

    /** Reports the bytes read every {@link #PROGRESS_STEP}. */
    private static final class Progress extends FilterInputStream {
        private final String id;
        private final long total;
        private final Consumer<ProgressUpdate> sink;
        private long read;
        private long reported;

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
            if (read - reported >= PROGRESS_STEP) {
                reported = read;
                sink.accept(new ProgressUpdate(id, "Loading layer", read, total));
            }
        }
    }
}
