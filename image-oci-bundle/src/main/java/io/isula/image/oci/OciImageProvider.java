package io.isula.image.oci;

import io.isula.core.api.EngineException;
import io.isula.core.api.ContainerChange;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageHistoryItem;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RootfsRequest;
import io.isula.image.oci.archive.ImageLoader;
import io.isula.image.oci.archive.RootfsImporter;
import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.layer.TarLayerUnpacker;
import io.isula.image.oci.layer.TarTreeArchiver;
import io.isula.image.oci.pull.RegistryAccess;
import io.isula.image.oci.registry.RegistrySettings;
import io.isula.image.oci.layer.TreeArchiver;
import io.isula.image.oci.store.ImageMatch;
import io.isula.image.oci.store.ImageRecord;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.OverlayRootfs;
import io.isula.image.oci.sys.Mounts;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * iSulad's "oci" image type: images in a containers/storage-like store under {@code <graph>/storage}, container
 * rootfs on overlayfs; pulls from registries with logins kept daemon-side.
 */
@Component(service = ImageProvider.class, property = "isula.image.type=oci")
public final class OciImageProvider implements ImageProvider {
    static final String TYPE = "oci";
    private static final System.Logger LOG = System.getLogger(OciImageProvider.class.getName());

    private final LayerUnpacker unpacker;
    private final TreeArchiver archiver;
    private final Clock clock;
    private volatile Opened opened;
    private volatile RegistryAccess registries;

    private record Opened(Path root, OciStore store, OverlayRootfs rootfs, ImageLoader loader, RootfsImporter importer) {
    }

    /** The component (DS and ServiceLoader) with the engine's layer unpacker and tree archiver. */
    public OciImageProvider() {
        this(new TarLayerUnpacker(), new TarTreeArchiver());
    }

    public OciImageProvider(LayerUnpacker unpacker, TreeArchiver archiver) {
        this(unpacker, archiver, Clock.systemUTC());
    }

    public OciImageProvider(LayerUnpacker unpacker, TreeArchiver archiver, Clock clock) {
        this.unpacker = unpacker;
        this.archiver = archiver;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void init(ProviderContext context) {
        Path graph = context.settings().graph();
        RegistrySettings settings;
        try {
            settings = RegistrySettings.fromDaemonJson(context.settings().raw());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("daemon.json: " + e.getMessage());
        }
        open(graph.resolve("storage"));
        RegistryAccess previous = registries;
        registries = new RegistryAccess(settings, graph.resolve("auths"), opened().store());
        if (previous != null) {
            previous.close();
        }
    }

    @Deactivate
    public void close() {
        RegistryAccess r = registries;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        return registries().pull(reference, auth, progress);
    }

    @Override
    public String login(RegistryAuth auth) {
        return registries().login(auth);
    }

    @Override
    public void logout(String server) {
        registries().logout(server);
    }

    private RegistryAccess registries() {
        RegistryAccess r = registries;
        if (r == null) {
            throw EngineException.unavailable("image type oci is not initialized");
        }
        return r;
    }

    /** Opens the store at {@code storageRoot} (recovering it); a second call for the same root keeps the open store. */
    public synchronized void open(Path storageRoot) {
        Path root = storageRoot.toAbsolutePath().normalize();
        if (opened != null && opened.root().equals(root)) {
            return;
        }
        try {
            Mounts mounts = new Mounts();
            OciStore store = OciStore.open(root, unpacker, mounts, clock);
            opened = new Opened(root, store, new OverlayRootfs(store, mounts), new ImageLoader(store),
                    new RootfsImporter(store, clock));
        } catch (IOException e) {
            throw EngineException.internal("cannot open the oci image store " + root + ": " + e.getMessage(), e);
        }
    }

    /** The store, for the pull orchestration. */
    public OciStore store() {
        return opened().store();
    }

    private Opened opened() {
        Opened o = opened;
        if (o == null) {
            throw EngineException.unavailable("image type oci is not initialized");
        }
        return o;
    }

    // ---- names ----

    @Override
    public String resolveName(String name) {
        Opened o = opened;
        if (o == null || name == null) {
            return name;
        }
        Optional<ImageMatch> match = quietFind(o, name);
        if (match.isPresent()) {
            return match.get().byId() ? "sha256:" + match.get().image().id() : match.get().reference();
        }
        return name;
    }

    @Override
    public boolean detect(String nameOrPath) {
        Opened o = opened;
        return o != null && nameOrPath != null && quietFind(o, nameOrPath).isPresent();
    }

    private static Optional<ImageMatch> quietFind(Opened o, String name) {
        try {
            return o.store().find(name);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> imageId(String name) {
        Opened o = opened;
        return o == null ? Optional.empty() : quietFind(o, name).map(m -> "sha256:" + m.image().id());
    }

    // ---- container rootfs ----

    @Override
    public String prepareRootfs(RootfsRequest request) {
        return call("prepare the rootfs of " + request.containerId(),
                () -> opened().rootfs().prepare(request.containerId(), request.image()).toString());
    }

    @Override
    public Path mountRootfs(RootfsRequest request) {
        return call("mount the rootfs of " + request.containerId(), () -> opened().rootfs().mount(request.containerId()));
    }

    @Override
    public void unmountRootfs(RootfsRequest request) {
        call("unmount the rootfs of " + request.containerId(), () -> {
            opened().rootfs().unmount(request.containerId());
            return null;
        });
    }

    @Override
    public void removeRootfs(RootfsRequest request) {
        call("remove the rootfs of " + request.containerId(), () -> {
            opened().rootfs().remove(request.containerId());
            return null;
        });
    }

    @Override
    public long writableLayerSize(RootfsRequest request) {
        return call("measure the writable layer of " + request.containerId(),
                () -> opened().rootfs().writableSize(request.containerId()));
    }

    @Override
    public List<ContainerChange> changes(RootfsRequest request) {
        return call("read the changes of " + request.containerId(), () -> opened().rootfs().changes(request.containerId()));
    }

    @Override
    public long storedLayerBytes() {
        return opened().store().layerBytes();
    }

    @Override
    public void removeBrokenRootfs(Set<String> knownContainerIds) {
        List<String> removed = call("remove broken rootfs", () -> opened().rootfs().removeBroken(knownContainerIds));
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, "removed the rootfs of unknown containers {0}", removed);
        }
    }

    @Override
    public void exportRootfs(RootfsRequest request, OutputStream out) {
        call("export the rootfs of " + request.containerId(), () -> {
            OverlayRootfs rootfs = opened().rootfs();
            boolean wasMounted = rootfs.isMounted(request.containerId());
            Path merged = rootfs.mount(request.containerId());
            try {
                archiver.write(merged, out);
            } finally {
                if (!wasMounted) {
                    rootfs.unmount(request.containerId());
                }
            }
            return null;
        });
    }

    // ---- images ----

    @Override
    public ImageConfig mergeConfig(String image) {
        return call("read the config of image " + image, () -> {
            OciStore store = opened().store();
            return ImageViews.containerDefaults(store.config(store.require(image).image()));
        });
    }

    @Override
    public int imageCount() {
        Opened o = opened;
        return o == null ? 0 : o.store().imageCount();
    }

    @Override
    public List<ImageSummary> list() {
        return call("list images", () -> {
            OciStore store = opened().store();
            List<ImageRecord> images = store.images();
            Map<String, Integer> imagesPerLayer = new HashMap<>();
            images.forEach(i -> i.layers().forEach(l -> imagesPerLayer.merge(l, 1, Integer::sum)));
            List<ImageSummary> out = new ArrayList<>();
            for (ImageRecord image : images) {
                long shared = image.layers().stream().filter(l -> imagesPerLayer.get(l) > 1)
                        .mapToLong(store::layerSize).sum();
                out.add(ImageViews.summary(image, store.config(image), store.containersUsing(image.id()), shared));
            }
            out.sort(Comparator.comparingLong(ImageSummary::created).reversed().thenComparing(ImageSummary::id));
            return out;
        });
    }

    @Override
    public List<ImageHistoryItem> history(String image) {
        return call("read the history of image " + image, () -> {
            OciStore store = opened().store();
            ImageRecord record = store.require(image).image();
            List<Long> layerSizes = record.layers().stream().map(store::layerSize).toList();
            return ImageViews.history(record, store.config(record), layerSizes);
        });
    }

    @Override
    public ImageDetails inspect(String image) {
        return call("inspect image " + image, () -> {
            OciStore store = opened().store();
            ImageRecord record = store.require(image).image();
            return ImageViews.details(record, store.config(record));
        });
    }

    @Override
    public List<ImageDeleted> remove(String image, boolean force) {
        return call("remove image " + image, () -> opened().store().remove(image, force));
    }

    @Override
    public void tag(String source, String target) {
        call("tag image " + source, () -> {
            opened().store().tag(source, target);
            return null;
        });
    }

    @Override
    public List<String> load(Path archive, String tag, Consumer<ProgressUpdate> progress) {
        return call("load " + archive.getFileName(), () -> opened().loader().load(archive, tag, progress));
    }

    @Override
    public String importRootfs(Path tarball, String reference) {
        return call("import " + tarball.getFileName(), () -> opened().importer().importRootfs(tarball, reference));
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    /** Runs {@code work}; a layer that cannot be unpacked is bad input, any other I/O failure is the engine's. */
    private static <T> T call(String what, Io<T> work) {
        try {
            return work.run();
        } catch (LayerException e) {
            throw EngineException.invalid(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(what + ": " + e.getMessage());
        } catch (IOException e) {
            throw EngineException.internal("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
