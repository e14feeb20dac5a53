package io.isula.core.internal.service;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.RootfsRequest;

import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;

/** An image type with one image, "img", whose rootfs is a fixed directory. */
final class FakeImages implements ImageProvider {
    private final Path rootfs;
    volatile boolean failPrepare;

    private final String type;

    FakeImages(Path rootfs) { this(rootfs, "fake-img"); }

    FakeImages(Path rootfs, String type) {
        this.rootfs = rootfs;
        this.type = type;
    }

    @Override
    public String type() { return type; }

    @Override
    public boolean detect(String nameOrPath) { return "img".equals(nameOrPath); }

    @Override
    public String prepareRootfs(RootfsRequest request) {
        if (failPrepare) {
            throw EngineException.invalid("disk full");
        }
        return rootfs.toString();
    }

    @Override
    public ImageConfig mergeConfig(String image) {
        return new ImageConfig(List.of("IMG=1", "PATH=/img/bin"), null, List.of("sh"), "/work", null,
                Map.of("from", "image"), null);
    }

    @Override
    public Path mountRootfs(RootfsRequest request) { return rootfs; }

    volatile List<io.isula.core.spi.ImageMount> mounts = List.of();

    @Override
    public List<io.isula.core.spi.ImageMount> containerMounts(RootfsRequest request) { return mounts; }

    static final String ID = "sha256:" + "1".repeat(64);
    final List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Set<String> brokenRootfsKnown;
    volatile byte[] loaded;

    @Override
    public Optional<String> imageId(String name) {
        return "img".equals(name) || ID.equals(name) ? Optional.of(ID) : Optional.empty();
    }

    @Override
    public List<ImageSummary> list() {
        return List.of(new ImageSummary(ID, "", List.of("img:latest"), List.of(), 100, 5, -1, 5, Map.of("k", "v"), -1,
                        type()),
                new ImageSummary("sha256:" + "2".repeat(64), "", List.of(), List.of(), 200, 5, -1, 5, Map.of(), -1,
                        type()));
    }

    volatile List<String> names = List.of("img:latest");

    @Override
    public ImageDetails inspect(String image) {
        return new ImageDetails(ID, names, List.of(), "", "", "", "", Map.of(), "amd64", "linux", 5, null, null, null,
                type(), null);
    }

    /** Bytes of the fake's layers; each removal frees one image's 5. */
    volatile long storedBytes;
    volatile long writableBytes;

    @Override
    public List<ImageDeleted> remove(String image, boolean force) {
        removed.add(image + (force ? " forced" : ""));
        storedBytes = Math.max(0, storedBytes - 5);
        return List.of(ImageDeleted.untagged("img:latest"), ImageDeleted.deleted(ID));
    }

    @Override
    public long storedLayerBytes() { return storedBytes; }

    @Override
    public long writableLayerSize(RootfsRequest request) { return writableBytes; }

    @Override
    public List<String> load(Path archive, String tag, Consumer<ProgressUpdate> progress) {
        try {
            loaded = Files.readAllBytes(archive);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of("img:latest");
    }

    @Override
    public void removeBrokenRootfs(Set<String> knownContainerIds) {
        brokenRootfsKnown = knownContainerIds;
    }
}
