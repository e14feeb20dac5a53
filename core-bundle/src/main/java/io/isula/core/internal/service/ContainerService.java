package io.isula.core.internal.service;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.HostConfig;
import io.isula.core.api.ListOptions;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;
import io.isula.core.api.MountPoint;
import io.isula.core.api.VersionInfo;
import io.isula.core.api.ContainerChange;
import io.isula.core.api.ContainersPruned;
import io.isula.core.api.DiskUsage;
import io.isula.core.api.Volume;
import io.isula.core.api.VolumeCreate;
import io.isula.core.api.VolumesPruned;
import io.isula.core.api.AttachOptions;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.api.PathStat;
import io.isula.core.api.ContainerStats;
import io.isula.core.api.ProcessList;
import io.isula.core.internal.top.ProcessTable;
import io.isula.core.spi.ResourceUsage;
import io.isula.core.internal.archive.ArchiveService;
import io.isula.core.internal.store.RootPaths;
import io.isula.core.internal.events.EventBus;
import io.isula.core.internal.hostconfig.CgroupFeatures;
import io.isula.core.internal.hostconfig.HostConfigValidator;
import io.isula.core.internal.lifecycle.HealthMonitor;
import io.isula.core.internal.lifecycle.RestartPolicies;
import io.isula.core.internal.lifecycle.Timers;
import io.isula.core.internal.exec.ExecService;
import io.isula.core.internal.stdio.StdioHub;
import io.isula.core.internal.stdio.StdioHubs;
import io.isula.core.internal.logs.CriLogReader;
import io.isula.core.internal.logs.LogPolicy;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.internal.prune.PruneFilter;
import io.isula.core.internal.security.Capabilities;
import io.isula.core.internal.security.SeccompHost;
import io.isula.core.internal.security.SeccompProfile;
import io.isula.core.internal.spec.DeviceResolver;
import io.isula.core.internal.spec.NetworkFiles;
import io.isula.core.internal.spec.OciSpecFactory;
import io.isula.core.internal.spec.ResourcesSpec;
import io.isula.core.internal.spec.SpecInput;
import io.isula.core.internal.spec.UserResolver;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.internal.store.ContainerStore;
import io.isula.core.internal.volume.MountPlanner;
import io.isula.core.internal.volume.PlannedMount;
import io.isula.core.internal.volume.VolumeStore;
import io.isula.core.spi.CreateOptions;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ImageHistoryItem;
import io.isula.core.api.ImagesPruned;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;
import io.isula.core.internal.image.ImageUseCases;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageMount;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RootfsRequest;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.AtomicFiles;
import io.isula.core.util.FileTrees;
import io.isula.core.util.Signals;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import java.lang.System.Logger.Level;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The container use cases (iSulad's executor): the one place that orders calls to the store, the image
 * types and the runtimes. Also the kernel's side of the provider contract: it restores a runtime's
 * containers when the runtime joins and turns exit reports into state changes.
 */
@Component(service = {ContainerEngine.class, ImageEngine.class}, immediate = true)
public final class ContainerService implements ContainerEngine, ImageEngine, ProviderContext, ProviderRegistry.Listener,
        ImageUseCases.ImageUsers {
    private static final System.Logger LOG = System.getLogger(ContainerService.class.getName());
    static final String VERSION = "0.1.0";
    static final String API_VERSION = "1.43";
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final int KILL_WAIT_SECONDS = 30;
    private static final String CGROUP_PARENT = "/isulad";

    private final DaemonSettings settings;
    private final ProviderRegistry registry;
    private final ContainerStore store;
    private final EventBus events = new EventBus(1024);
    private final ContainerViews views;
    private final ConfigMerger merger = new ConfigMerger();
    private final ImageUseCases images;
    private final OciSpecFactory specs;
    private final UserResolver users = new UserResolver();
    private final NetworkFiles networkFiles = new NetworkFiles();
    private final CriLogReader logReader = new CriLogReader();
    private final LogPolicy logPolicy;
    private final HostFacts host = HostFacts.read();
    private final SecureRandom random = new SecureRandom();
    private final CgroupFeatures features = CgroupFeatures.read();
    private final HostConfigValidator validator = new HostConfigValidator(features);
    private final CreatePreparation preparation;
    private final VolumeStore volumes;
    private final MountPlanner planner;
    private final ContainerUpdater updater;
    private final Timers restarts = new Timers("isula-restart");
    private final HealthMonitor health;
    private final ExecService execs;
    private final StdioHubs hubs = new StdioHubs();
    private final ArchiveService archives = new ArchiveService();
    private final ProcessTable processTable = new ProcessTable();
    private final EventOrder eventOrder = new EventOrder();
    /** Image names of image types that left the engine while it runs, with their type. */
    private final Map<String, String> departedImages = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "isula-exit");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ContainerService(@Reference DaemonSettings settings) {
        this(settings, new ProviderRegistry());
    }

    public ContainerService(DaemonSettings settings, ProviderRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.store = new ContainerStore(settings.graph(), settings.state());
        this.views = new ContainerViews(settings.defaultRuntime());
        this.specs = new OciSpecFactory(store.json(), new ResourcesSpec(features.swap()));
        this.preparation = new CreatePreparation(store.json(), validator, Capabilities.ofThisProcess(),
                SeccompProfile.defaultProfile(store.json()), new DeviceResolver(), SeccompHost.of(host.kernelVersion()));
        this.volumes = new VolumeStore(settings.graph(), store.json());
        this.planner = new MountPlanner(volumes);
        this.updater = new ContainerUpdater(validator, new ResourcesSpec(features.swap()), store);
        this.execs = new ExecService(store, registry, events);
        this.health = new HealthMonitor(background, execs::probe, this::healthChanged);
        this.images = new ImageUseCases(registry, this, events, settings.graph());
        this.logPolicy = LogPolicy.of(settings);
        store.load();
        for (ContainerRecord c : store.all()) {
            c.mountPoints().stream().filter(m -> "volume".equals(m.type()) && m.name() != null)
                    .forEach(m -> volumes.claimExisting(m.name(), c.id()));
        }
        registry.open(this, this);
    }

    @Deactivate
    public void close() {
        restarts.close();
        health.close();
        background.shutdown();
    }

    // ---- provider tables (DS dynamic references) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindImageProvider(ImageProvider provider) { registry.addImageProvider(provider); }

    void unbindImageProvider(ImageProvider provider) { registry.removeImageProvider(provider); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRuntimeProvider(RuntimeProvider provider) { registry.addRuntimeProvider(provider); }

    void unbindRuntimeProvider(RuntimeProvider provider) { registry.removeRuntimeProvider(provider); }

    // ---- create ----

    @Override
    public String create(CreateRequest request) {
        ContainerConfig requested = request.config();
        if (requested == null) {
            throw EngineException.invalid("container config is required");
        }
        HostConfig hostConfig = request.hostConfig();
        String runtime = hostConfig.runtime() == null || hostConfig.runtime().isBlank()
                ? settings.defaultRuntime() : hostConfig.runtime().toLowerCase(Locale.ROOT);
        registry.requireRuntime(runtime);
        String image = requested.image();
        if (image == null || image.isBlank()) {
            throw EngineException.invalid("image name is required");
        }
        String external = hostConfig.externalRootfs();
        logPolicy.resolve(hostConfig.logConfig());
        ImageProvider imageType = rootfsProvider(image, external);
        ImageConfig imageConfig = imageConfig(image, external, imageType);
        String imageRef = imageType.imageId(image).orElse(image);

        String id = newId();
        String name = request.name() == null || request.name().isBlank() ? id : request.name();
        String hostname = requested.hostname() == null || requested.hostname().isBlank()
                ? id.substring(0, 12) : requested.hostname();
        ContainerConfig config = merger.merge(requested, imageConfig, hostname);
        List<String> args = new ArrayList<>(config.entrypoint());
        args.addAll(config.cmd());
        if (args.isEmpty()) {
            throw EngineException.invalid("No command specified");
        }
        CreatePreparation.Prepared prepared = preparation.prepare(hostConfig, config, this::mountPointsOf);
        store.reserveName(name, id);
        HostConfig storedHost = prepared.host().withRuntime(runtime);
        Path bundle = store.bundleDir(runtime, id);
        RootfsRequest rootfs = new RootfsRequest(id, imageRef, external, null);
        String baseFs = null;
        try {
            Files.createDirectories(bundle);
            baseFs = imageType.prepareRootfs(rootfs);
            rootfs = new RootfsRequest(id, imageRef, external, baseFs);
            BundleContent content = new BundleContent(id, bundle, config, storedHost, args, prepared);
            List<MountPoint> mountPoints = writeBundle(content, imageType, rootfs, external != null);
            ContainerRecord record = new ContainerRecord(id, name, Instant.now(), runtime, imageType.type(), imageRef,
                    config, storedHost, args, bundle, store.stateDir(runtime, id), baseFs, mountPoints);
            store.saveHostConfig(record);
            store.save(record);
            AtomicFiles.syncDirectory(bundle);
            store.add(record);
            events.publish("container", "create", id, Map.of("name", name, "image", image));
            return id;
        } catch (IOException | RuntimeException e) {
            volumes.release(id);
            rollbackCreate(imageType, rootfs, baseFs, bundle, name, id);
            throw e instanceof EngineException ee ? ee
                    : EngineException.internal("create container " + name + " failed: " + message(e), e);
        }
    }

    private ImageProvider rootfsProvider(String image, String external) {
        if (external != null) {
            Path p = Path.of(external);
            if (!p.isAbsolute()) {
                throw EngineException.invalid("external rootfs must be an absolute path: " + external);
            }
            if (!Files.exists(p)) {
                throw EngineException.invalid("external rootfs " + external + " does not exist");
            }
            return registry.detectImage(external)
                    .orElseThrow(() -> EngineException.unavailable("image type external is not available"));
        }
        if (isNone(image)) {
            throw EngineException.invalid("image " + image + " needs --external-rootfs");
        }
        return registry.detectImage(image).orElseThrow(() -> {
            String away = departedImages.get(image);
            return away != null ? EngineException.unavailable("image type " + away + " is not available")
                    : EngineException.notFound("No such image: " + image);
        });
    }

    private ImageConfig imageConfig(String image, String external, ImageProvider rootfsType) {
        if (external == null) {
            return rootfsType.mergeConfig(image);
        }
        if (isNone(image)) {
            return ImageConfig.none();
        }
        return registry.imageProviders().stream().filter(p -> p != rootfsType && p.detect(p.resolveName(image)))
                .findFirst().map(p -> p.mergeConfig(image))
                .orElseThrow(() -> EngineException.notFound("No such image: " + image));
    }

    private static boolean isNone(String image) {
        return image.equals("none") || image.equals("none:latest");
    }

    /** What a new container's bundle is written from. */
    private record BundleContent(String id, Path bundleDir, ContainerConfig config, HostConfig host, List<String> args,
                                 CreatePreparation.Prepared prepared) {
    }

    /**
     * Writes config.json and the network files, making the container's mounts real on the way (volumes claimed and
     * filled from the image); returns the mount points. The rootfs stays mounted for the start that usually follows
     * (mounting is idempotent; removal unmounts). A failure gives the volumes back and unmounts.
     */
    private List<MountPoint> writeBundle(BundleContent b, ImageProvider imageType, RootfsRequest rootfs,
                                         boolean external) throws IOException {
        Path mounted = imageType.mountRootfs(rootfs);
        MountPlanner.Plan plan = null;
        try {
            ContainerConfig config = b.config();
            plan = planner.realize(b.prepared().mounts(), b.id(), mounted);
            networkFiles.write(b.bundleDir(), config.hostname(), b.prepared().names());
            SpecInput input = new SpecInput(b.id(), mounted, external, b.args(), config.env(), config.workingDir(),
                    users.resolve(mounted, config.user(), b.host().groupAdd()), config.hostname(), config.tty(),
                    b.bundleDir(), CGROUP_PARENT, b.host(), b.prepared().security(),
                    withImageMounts(imageType.containerMounts(rootfs), plan.mounts()),
                    b.prepared().devices(), b.prepared().hooks());
            AtomicFiles.replace(b.bundleDir().resolve("config.json"),
                    store.json().writeValueAsBytes(specs.create(input)));
            return plan.points();
        } catch (IOException | RuntimeException e) {
            if (plan != null) {
                planner.abandon(plan, b.id());
            }
            quietly(() -> imageType.unmountRootfs(rootfs));
            throw e;
        }
    }

    /** The image's own mounts (iSulad prepends them to the user's {@code --mount} list), then the user's. */
    private static List<PlannedMount> withImageMounts(List<ImageMount> imageMounts, List<PlannedMount> user) {
        if (imageMounts.isEmpty()) {
            return user;
        }
        List<PlannedMount> all = new ArrayList<>(imageMounts.size() + user.size());
        for (ImageMount m : imageMounts) {
            all.add(new PlannedMount(m.destination(), m.type(), m.source(), m.options(), null));
        }
        all.addAll(user);
        return all;
    }

    /** The mount points of another container, for {@code --volumes-from}. */
    private List<MountPoint> mountPointsOf(String ref) {
        ContainerRecord other = store.find(ref).filter(c -> !c.removed())
                .orElseThrow(() -> EngineException.notFound("No such container: " + ref));
        return other.mountPoints();
    }

    private void rollbackCreate(ImageProvider imageType, RootfsRequest rootfs, String baseFs, Path bundle,
                                String name, String id) {
        try {
            if (baseFs != null) {
                imageType.removeRootfs(rootfs);
            }
            FileTrees.delete(bundle);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "cleaning up the failed create of {0} left files behind: {1}", id, message(e));
        } finally {
            store.releaseName(name, id);
        }
    }

    private String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- start / stop / kill / remove ----

    @Override
    public void start(String ref) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            if (c.status() == ContainerStatus.RESTARTING && restarts.cancel(c.id())) {
                c.cancelRestart(null);
            }
            c.resetRestarts();
            startLocked(c, ref);
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Starts {@code c}; the caller holds its operation lock. */
    private void startLocked(ContainerRecord c, String ref) {
        ContainerStatus previous = c.status();
        if (previous == ContainerStatus.RUNNING || previous == ContainerStatus.PAUSED) {
            throw new EngineException(EngineException.Kind.NOT_MODIFIED, "Container " + ref + " is already running");
        }
        if (previous == ContainerStatus.STARTING) {
            throw EngineException.conflict("Container " + ref + " is starting");
        }
        RuntimeProvider runtime = registry.requireRuntime(c.runtime());
        ImageProvider imageType = registry.requireImageType(c.imageType());
        c.markStarting();
        try {
            store.save(c);
            if ((previous == ContainerStatus.EXITED || previous == ContainerStatus.RESTARTING)
                    && c.runtimeHoldsState()) {
                runtime.delete(c.handle(), true);
                c.markRuntimeReleased();
            }
            Path rootfs = imageType.mountRootfs(c.rootfs());
            Files.createDirectories(c.stateDir());
            c.markRuntimeHoldsState();
            runtime.create(c.handle(), new CreateOptions(rootfs, c.config().tty(), c.config().openStdin(),
                    logPolicy.resolve(c.hostConfig().logConfig())));
            connectWaitingAttachments(c, runtime);
            eventOrder.starting(c.id());
            int pid = runtime.start(c.handle());
            c.markRunning(pid, Instant.now());
            store.save(c);
            events.publish("container", "start", c.id(), attributes(c));
            eventOrder.started(c.id());
            if (c.status() == ContainerStatus.RUNNING) {
                health.started(c);
            }
        } catch (IOException | RuntimeException e) {
            eventOrder.started(c.id());
            String reason = message(e);
            quietly(() -> {
                runtime.delete(c.handle(), true);
                c.markRuntimeReleased();
            });
            quietly(() -> imageType.unmountRootfs(c.rootfs()));
            c.markStartFailed(previous, reason);
            store.save(c);
            throw e instanceof EngineException ee ? ee
                    : EngineException.internal("start container " + ref + " failed: " + reason, e);
        }
    }

    @Override
    public void stop(String ref, int timeoutSeconds) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            if (!c.status().isActive()) {
                return;
            }
            c.markManuallyStopped();
            if (cancelPendingRestart(c)) {
                events.publish("container", "stop", c.id(), attributes(c));
                return;
            }
            RuntimeProvider runtime = registry.requireRuntime(c.runtime());
            int timeout = timeoutSeconds < 0 ? DEFAULT_STOP_TIMEOUT : timeoutSeconds;
            if (timeout > 0 && c.status() != ContainerStatus.PAUSED) {
                quietly(() -> runtime.kill(c.handle(), Signals.parse(c.config().stopSignal())));
                if (awaitExit(c, runtime, timeout)) {
                    events.publish("container", "stop", c.id(), attributes(c));
                    return;
                }
            }
            killAndAwait(c, runtime);
            events.publish("container", "stop", c.id(), attributes(c));
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public void kill(String ref, String signal) {
        int sig;
        try {
            sig = signal == null || signal.isBlank() ? 9 : Signals.parse(signal);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        if (!c.status().isActive()) {
            throw EngineException.conflict("Container " + ref + " is not running");
        }
        // as Docker: what the user kills the restart policy leaves alone
        c.markManuallyStopped();
        if (cancelPendingRestart(c)) {
            return;
        }
        registry.requireRuntime(c.runtime()).kill(c.handle(), sig);
        events.publish("container", "kill", c.id(), with(attributes(c), "signal", String.valueOf(sig)));
    }

    @Override
    public void remove(String ref, boolean force) {
        remove(ref, force, false);
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            if (c.status() == ContainerStatus.RESTARTING && !force) {
                throw EngineException.conflict("You cannot remove a restarting container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            cancelPendingRestart(c);
            if (c.status().isActive()) {
                c.markManuallyStopped();
                if (!force) {
                    throw EngineException.conflict("You cannot remove a running container " + c.id()
                            + ". Stop the container before attempting removal or force remove");
                }
                killAndAwait(c, registry.requireRuntime(c.runtime()));
            }
            if (c.runtimeHoldsState() && registry.runtime(c.runtime()).isEmpty()) {
                throw EngineException.unavailable("runtime " + c.runtime() + " is not available: container " + c.id()
                        + " may still have state there; remove it once the runtime is back");
            }
            c.markRemoved();
            finishRemoval(c, removeVolumes);
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public ContainersPruned pruneContainers(Map<String, List<String>> filters) {
        PruneFilter filter = PruneFilter.of(filters == null ? Map.of() : filters, Instant.now(), Set.of());
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord c : List.copyOf(store.all())) {
            if (c.removed() || c.status().isActive() || !filter.matches(c.created(), c.config().labels())) {
                continue;
            }
            long size = writableLayerSize(c);
            try {
                remove(c.id(), false);
            } catch (EngineException e) {
                LOG.log(Level.INFO, "prune: container {0} stays: {1}", c.id(), e.getMessage());
                continue;
            }
            deleted.add(c.id());
            reclaimed += size;
        }
        events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new ContainersPruned(deleted, reclaimed);
    }

    @Override
    public List<ContainerChange> changes(String ref) {
        ContainerRecord c = store.require(ref);
        return registry.requireImageType(c.imageType()).changes(c.rootfs());
    }

    @Override
    public DiskUsage diskUsage() {
        List<ImageSummary> imageList = images.images(Map.of());
        Map<String, Long> imageSizes = new HashMap<>();
        imageList.forEach(i -> imageSizes.put(i.id(), i.size()));
        Instant now = Instant.now();
        List<DiskUsage.ContainerUsage> containers = new ArrayList<>();
        for (ContainerRecord c : List.copyOf(store.all())) {
            if (c.removed()) {
                continue;
            }
            long rw = writableLayerSize(c);
            containers.add(new DiskUsage.ContainerUsage(views.summary(c, now), rw,
                    rw + imageSizes.getOrDefault(c.image(), 0L)));
        }
        long layers = registry.imageProviders().stream().mapToLong(ImageProvider::storedLayerBytes).sum();
        return new DiskUsage(layers, imageList, containers, volumes.usage(), List.of());
    }

    private long writableLayerSize(ContainerRecord c) {
        return registry.imageType(c.imageType()).map(i -> {
            try {
                return i.writableLayerSize(c.rootfs());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "the writable layer of {0} cannot be measured: {1}", c.id(), message(e));
                return 0L;
            }
        }).orElse(0L);
    }

    /**
     * Frees everything a stopped container holds. Its config.v2.json goes first: a crash part way leaves a folder
     * the store no longer loads and clears at the next start.
     */
    private void finishRemoval(ContainerRecord c, boolean removeVolumes) {
        health.stopped(c.id());
        restarts.cancel(c.id());
        if (c.runtimeHoldsState()) {
            registry.runtime(c.runtime()).ifPresent(r -> quietly(() -> r.delete(c.handle(), true)));
        }
        registry.imageType(c.imageType()).ifPresent(i -> {
            quietly(() -> i.unmountRootfs(c.rootfs()));
            quietly(() -> i.removeRootfs(c.rootfs()));
        });
        try {
            synchronized (c.saveLock()) {
                Files.deleteIfExists(c.bundleDir().resolve(ContainerStore.CONFIG_V2));
            }
        } catch (IOException e) {
            c.markRemovalFailed();
            throw EngineException.internal("cannot remove container " + c.id() + ": " + e.getMessage(), e);
        }
        store.remove(c);
        volumes.release(c.id());
        if (removeVolumes) {
            quietly(() -> volumes.removeIfUnused(c.mountPoints().stream()
                    .filter(m -> "volume".equals(m.type()) && m.name() != null && VolumeStore.isAnonymous(m.name()))
                    .map(MountPoint::name).toList()));
        }
        execs.containerRemoved(c.id());
        hubs.remove(c.id());
        events.publish("container", "destroy", c.id(), attributes(c));
        try {
            FileTrees.delete(c.stateDir());
            FileTrees.delete(c.bundleDir());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "container {0} is removed but its files are not ({1}); the next start clears them",
                    c.id(), e.getMessage());
        }
    }

    private void killAndAwait(ContainerRecord c, RuntimeProvider runtime) {
        quietly(() -> runtime.kill(c.handle(), 9));
        if (c.status() == ContainerStatus.PAUSED) {
            // a frozen process cannot die of its SIGKILL before it is thawed
            quietly(() -> runtime.resume(c.handle()));
        }
        if (!awaitExit(c, runtime, KILL_WAIT_SECONDS)) {
            throw EngineException.internal("container " + c.id() + " did not exit after SIGKILL", null);
        }
    }

    /** Waits for the exit report; when none comes in time, asks the runtime (a monitor may have died). */
    private boolean awaitExit(ContainerRecord c, RuntimeProvider runtime, int seconds) {
        try {
            if (c.awaitNotActive(seconds, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        RuntimeStatus st = runtime.state(c.handle());
        if (st.status() == ContainerStatus.EXITED || st.status() == ContainerStatus.UNKNOWN) {
            containerExited(c.id(), st.exitCode() < 0 ? 137 : st.exitCode(),
                    st.exitedAt() == null ? Instant.now() : st.exitedAt());
            return true;
        }
        return false;
    }

    private static void ensurePresent(ContainerRecord c) {
        if (c.removed()) {
            throw EngineException.notFound("No such container: " + c.id());
        }
    }

    // ---- exits and restore (the provider side) ----

    @Override
    public DaemonSettings settings() { return settings; }

    @Override
    public void containerExited(String containerId, int exitCode, Instant exitedAt) {
        ContainerRecord c = store.find(containerId).orElse(null);
        if (c == null) {
            return;
        }
        long delay;
        synchronized (c) {
            HostConfig h = c.hostConfig();
            int failures = exitCode == 0 ? 0 : c.failureCount() + 1;
            // an exit that overtook the start's report: the run lasted no time
            Instant started = c.status() == ContainerStatus.STARTING ? exitedAt : c.startedAt();
            delay = RestartPolicies.nextDelay(c.restartDelayMillis(), Duration.between(started, exitedAt));
            boolean restart = !c.removed() && !h.autoRemove()
                    && RestartPolicies.shouldRestart(h.restartPolicy(), exitCode, failures, c.manuallyStopped());
            if (!c.markExited(exitCode, exitedAt, restart)) {
                return;
            }
            c.recordExitForRestart(exitCode, delay);
        }
        health.stopped(c.id());
        try {
            store.save(c);
            eventOrder.afterStart(c.id(), () -> events.publish("container", "die", c.id(),
                    with(attributes(c), "exitCode", String.valueOf(exitCode))));
        } finally {
            if (!background.isShutdown()) {
                background.submit(() -> cleanupAfterExit(c, delay));
            }
        }
    }

    @Override
    public void containerOom(String containerId) {
        store.find(containerId).ifPresent(c -> {
            c.markOomKilled();
            quietly(() -> store.save(c));
            events.publish("container", "oom", c.id(), attributes(c));
        });
    }

    private void cleanupAfterExit(ContainerRecord c, long restartDelayMillis) {
        c.operationLock().lock();
        try {
            if (c.removed() || c.status().isActive() && c.status() != ContainerStatus.RESTARTING) {
                return;
            }
            registry.runtime(c.runtime()).ifPresent(r -> {
                r.delete(c.handle(), false);
                c.markRuntimeReleased();
            });
            registry.imageType(c.imageType()).ifPresent(i -> quietly(() -> i.unmountRootfs(c.rootfs())));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "releasing the runtime of {0} after its exit: {1}", c.id(), message(e));
        } finally {
            c.operationLock().unlock();
        }
        if (c.status() == ContainerStatus.RESTARTING) {
            restarts.schedule(c.id(), restartDelayMillis, () -> background.submit(() -> restartByPolicy(c)));
        } else if (c.hostConfig().autoRemove()) {
            quietly(() -> remove(c.id(), true));
        }
    }

    /** The restart policy's turn: start the container again, unless the user stopped or removed it meanwhile. */
    private void restartByPolicy(ContainerRecord c) {
        c.operationLock().lock();
        try {
            if (c.removed() || c.status() != ContainerStatus.RESTARTING) {
                return;
            }
            c.incrementRestartCount();
            startLocked(c, c.id());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restart policy: cannot start container {0} again: {1}", c.id(), message(e));
            if (c.cancelRestart(message(e))) {
                quietly(() -> store.save(c));
            }
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Calls off a restart the policy has scheduled; true when the container was waiting for one. */
    private boolean cancelPendingRestart(ContainerRecord c) {
        if (c.status() != ContainerStatus.RESTARTING) {
            return false;
        }
        restarts.cancel(c.id());
        if (c.cancelRestart(null)) {
            store.save(c);
        }
        return true;
    }

    @Override
    public void event(String type, String action, String id, Map<String, String> attributes) {
        events.publish(type, action, id, attributes == null ? Map.of() : attributes);
    }

    @Override
    public void runtimeAdded(RuntimeProvider provider) {
        for (ContainerRecord c : store.all()) {
            if (c.removed() || !provider.detect(c.runtime())) {
                continue;
            }
            if (c.status() == ContainerStatus.RESTARTING) {
                // the daemon went away while a restart was pending: it is due now
                restarts.schedule(c.id(), c.restartDelayMillis(), () -> background.submit(() -> restartByPolicy(c)));
            } else if (c.status().isActive()) {
                restore(c, provider);
            } else if (c.status() == ContainerStatus.EXITED
                    && RestartPolicies.restartsWithDaemon(c.hostConfig().restartPolicy(), c.manuallyStopped())) {
                background.submit(() -> restartWithDaemon(c));
            }
        }
        provider.names().forEach(n -> events.publish("plugin", "enable", n, Map.of("kind", "runtime", "name", n)));
    }

    private void restore(ContainerRecord c, RuntimeProvider provider) {
        RuntimeStatus st;
        try {
            st = provider.restore(c.handle());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot restore container {0}: {1}", c.id(), message(e));
            return;
        }
        switch (st.status()) {
            case RUNNING, STARTING -> {
                c.markRunning(st.pid(), c.status() == ContainerStatus.STARTING ? Instant.now() : c.startedAt());
                store.save(c);
                health.started(c);
            }
            case PAUSED -> {
                c.markPaused(true);
                store.save(c);
            }
            default -> containerExited(c.id(), st.exitCode() < 0 ? 255 : st.exitCode(),
                    st.exitedAt() == null ? Instant.now() : st.exitedAt());
        }
    }

    /** An {@code always}/{@code unless-stopped} container that was stopped when its runtime (re)joined. */
    private void restartWithDaemon(ContainerRecord c) {
        c.operationLock().lock();
        try {
            if (!c.removed() && c.status() == ContainerStatus.EXITED) {
                startLocked(c, c.id());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot start {0} again after the daemon started: {1}", c.id(), message(e));
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public void runtimeRemoved(RuntimeProvider provider) {
        provider.names().forEach(n -> events.publish("plugin", "disable", n, Map.of("kind", "runtime", "name", n)));
    }

    @Override
    public void imageTypeAdded(ImageProvider provider) {
        departedImages.values().removeIf(provider.type()::equals);
        Set<String> known = store.all().stream().filter(c -> c.imageType().equals(provider.type()))
                .map(ContainerRecord::id).collect(Collectors.toSet());
        quietly(() -> provider.removeBrokenRootfs(known));
        // containers that stopped while the type was away kept their rootfs mounted
        store.all().stream().filter(c -> c.imageType().equals(provider.type()) && !c.removed() && !c.status().isActive())
                .forEach(c -> quietly(() -> provider.unmountRootfs(c.rootfs())));
        events.publish("plugin", "enable", provider.type(), Map.of("kind", "image-type", "name", provider.type()));
    }

    @Override
    public void imageTypeRemoved(ImageProvider provider) {
        // a run of one of its images says the type is away, not that the image does not exist
        quietly(() -> provider.list().forEach(i -> {
            if (i.repoTags() != null) {
                i.repoTags().forEach(name -> departedImages.put(name, provider.type()));
            }
        }));
        events.publish("plugin", "disable", provider.type(), Map.of("kind", "image-type", "name", provider.type()));
    }

    // ---- pause, restart, rename, update (issue 5) ----

    @Override
    public void pause(String ref) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            if (c.status() == ContainerStatus.PAUSED) {
                throw EngineException.conflict("Container " + ref + " is already paused");
            }
            if (c.status() != ContainerStatus.RUNNING) {
                throw EngineException.conflict("Container " + ref + " is not running");
            }
            registry.requireRuntime(c.runtime()).pause(c.handle());
            c.markPaused(true);
            store.save(c);
            events.publish("container", "pause", c.id(), attributes(c));
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public void unpause(String ref) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            if (c.status() != ContainerStatus.PAUSED) {
                throw EngineException.conflict("Container " + ref + " is not paused");
            }
            registry.requireRuntime(c.runtime()).resume(c.handle());
            c.markPaused(false);
            store.save(c);
            events.publish("container", "unpause", c.id(), attributes(c));
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public void restart(String ref, int timeoutSeconds) {
        stop(ref, timeoutSeconds);
        start(ref);
        store.find(ref).ifPresent(c -> events.publish("container", "restart", c.id(), attributes(c)));
    }

    @Override
    public void rename(String ref, String newName) {
        String name = newName == null ? "" : newName.startsWith("/") ? newName.substring(1) : newName;
        if (name.isEmpty()) {
            throw EngineException.invalid("Neither old nor new names may be empty");
        }
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            String old = c.name();
            if (old.equals(name)) {
                throw EngineException.invalid("Renaming a container with the same name as its current name");
            }
            store.reserveName(name, c.id());
            c.rename(name);
            try {
                store.save(c);
            } catch (RuntimeException e) {
                c.rename(old);
                store.releaseName(name, c.id());
                throw e;
            }
            store.releaseName(old, c.id());
            events.publish("container", "rename", c.id(), with(attributes(c), "oldName", old));
        } finally {
            c.operationLock().unlock();
        }
    }

    @Override
    public List<String> update(String ref, ContainerUpdate update) {
        if (update == null) {
            throw EngineException.invalid("update config is required");
        }
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            ensurePresent(c);
            List<String> warnings = updater.update(c, update, () -> registry.requireRuntime(c.runtime()));
            events.publish("container", "update", c.id(), attributes(c));
            return warnings;
        } finally {
            c.operationLock().unlock();
        }
    }

    // ---- volumes ----

    @Override
    public List<Volume> volumes(Map<String, List<String>> filters) {
        return volumes.list(filters == null ? Map.of() : filters);
    }

    @Override
    public Volume createVolume(VolumeCreate request) {
        String driver = request.driver();
        if (driver != null && !driver.isEmpty() && !driver.equals(VolumeStore.DRIVER)) {
            throw EngineException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver
                    + "\" not found");
        }
        if (!request.driverOpts().isEmpty()) {
            throw EngineException.invalid("volume driver options are not supported: "
                    + String.join(", ", new TreeSet<>(request.driverOpts().keySet())));
        }
        Volume v = volumes.create(request.name(), request.labels());
        events.publish("volume", "create", v.name(), Map.of("driver", VolumeStore.DRIVER));
        return v;
    }

    @Override
    public void removeVolume(String name) {
        volumes.remove(name);
        events.publish("volume", "destroy", name, Map.of("driver", VolumeStore.DRIVER));
    }

    @Override
    public VolumesPruned pruneVolumes(Map<String, List<String>> filters) {
        Map<String, List<String>> given = filters == null ? Map.of() : filters;
        PruneFilter filter = PruneFilter.of(given, Instant.now(), Set.of("all"));
        VolumesPruned pruned = volumes.prune(PruneFilter.flag(given, "all", false), filter);
        pruned.volumesDeleted().forEach(n -> events.publish("volume", "destroy", n, Map.of("driver", VolumeStore.DRIVER)));
        events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(pruned.spaceReclaimed())));
        return pruned;
    }

    // ---- health checks ----

    private void healthChanged(ContainerRecord c, String status) {
        if (c.removed()) {
            return;
        }
        quietly(() -> store.save(c));
        events.publish("container", "health_status: " + status, c.id(), attributes(c));
        var check = c.config().healthcheck();
        if (io.isula.core.api.HealthState.UNHEALTHY.equals(status) && check != null && check.exitOnUnhealthy()) {
            LOG.log(Level.INFO, "container {0} is unhealthy and asked to exit then: killing it", c.id());
            // not a user's kill: the restart policy still applies
            registry.runtime(c.runtime()).ifPresent(r -> quietly(() -> r.kill(c.handle(), 9)));
        }
    }

    // ---- queries ----

    @Override
    public List<ContainerSummary> list(ListOptions options) {
        Instant now = Instant.now();
        ContainerFilter filter = new ContainerFilter(options.filters());
        Stream<ContainerRecord> s = store.all().stream().filter(c -> !c.removed())
                .filter(c -> options.all() || options.last() > 0 || c.status().isActive())
                .filter(filter::matches)
                .sorted(Comparator.comparing(ContainerRecord::created).reversed());
        if (options.last() > 0) {
            s = s.limit(options.last());
        }
        return s.map(c -> views.summary(c, now)).toList();
    }

    @Override
    public ContainerDetails inspect(String ref) {
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        return views.details(c);
    }

    @Override
    public int await(String ref) {
        ContainerRecord c = store.require(ref);
        try {
            c.awaitNotActive(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("interrupted while waiting for " + ref, e);
        }
        return c.exitCode();
    }

    @Override
    public void logs(String ref, LogOptions options, LogSink sink) {
        ContainerRecord c = store.require(ref);
        try {
            logReader.read(c.logPath(), options, millis -> !c.awaitNotActive(millis, TimeUnit.MILLISECONDS), sink);
        } catch (IOException e) {
            throw EngineException.internal("cannot read the log of " + ref + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public EngineInfo info() {
        int running = 0;
        int paused = 0;
        int stopped = 0;
        int total = 0;
        for (ContainerRecord c : store.all()) {
            if (c.removed()) {
                continue;
            }
            total++;
            switch (c.status()) {
                case RUNNING, STARTING, RESTARTING -> running++;
                case PAUSED -> paused++;
                default -> stopped++;
            }
        }
        Map<String, EngineInfo.RuntimeEntry> runtimes = new LinkedHashMap<>();
        for (RuntimeProvider p : registry.runtimeProviders()) {
            p.names().stream().sorted().forEach(n -> runtimes.put(n, new EngineInfo.RuntimeEntry(p.path(n))));
        }
        int images = registry.imageProviders().stream().mapToInt(ImageProvider::imageCount).sum();
        return new EngineInfo(host.hostname(), total, running, paused, stopped, images, "overlay2", "json-file",
                "cgroupfs", host.cgroupVersion(), host.kernelVersion(), host.operatingSystem(), "linux",
                host.architecture(), host.cpus(), host.memTotal(), host.hostname(), VERSION,
                settings.graph().toString(), env("HTTP_PROXY"), env("HTTPS_PROXY"), env("NO_PROXY"),
                settings.defaultRuntime(), runtimes, registry.imageTypes());
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo(VERSION, API_VERSION, "1.24", "unknown", "java " + System.getProperty("java.version"),
                "linux", host.architecture().equals("x86_64") ? "amd64" : host.architecture(), host.kernelVersion(),
                "unknown");
    }

    @Override
    public AutoCloseable subscribe(long sinceEpochNanos, Consumer<EngineEvent> listener) {
        return events.subscribe(sinceEpochNanos, listener);
    }

    // ---- exec, attach, resize (issue 4) ----

    @Override
    public String execCreate(String ref, ExecConfig config) {
        return execs.create(ref, config);
    }

    @Override
    public StdioStream execStart(String execId, StdioSink sink) {
        return execs.start(execId, sink);
    }

    @Override
    public ExecDetails execInspect(String execId) {
        return execs.inspect(execId);
    }

    @Override
    public void execResize(String execId, int height, int width) {
        execs.resize(execId, height, width);
    }

    @Override
    public StdioStream attach(String ref, AttachOptions options, StdioSink sink) {
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        StdioHub hub = hubs.hub(c.id(), id -> new StdioHub(id, c.config().tty(), (h, w) -> resize(id, h, w)));
        StdioStream stream = hub.attach(options, sink);
        events.publish("container", "attach", c.id(), attributes(c));
        if (c.status() == ContainerStatus.RUNNING || c.status() == ContainerStatus.PAUSED) {
            try {
                RuntimeProvider runtime = registry.requireRuntime(c.runtime());
                hub.connect(() -> runtime.attach(c.handle(), hub), true);
            } catch (RuntimeException e) {
                stream.close();
                throw e;
            }
        }
        return stream;
    }

    @Override
    public void resize(String ref, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw EngineException.invalid("invalid terminal size " + height + "x" + width);
        }
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        if (!c.status().isActive()) {
            throw EngineException.conflict("Container " + ref + " is not running");
        }
        registry.requireRuntime(c.runtime()).resize(c.handle(), height, width);
    }

    /** Between the runtime's create and start: attachments made before the start see the very first output. */
    private void connectWaitingAttachments(ContainerRecord c, RuntimeProvider runtime) {
        StdioHub hub = hubs.find(c.id());
        if (hub != null && hub.wanted()) {
            try {
                hub.connect(() -> runtime.attach(c.handle(), hub), false);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot attach to container {0} before its start: {1}", c.id(), message(e));
                hub.closed();
            }
        }
    }

    // ---- files (issue 4) ----

    @Override
    public PathStat statPath(String ref, String path) {
        return withRootfs(ref, root -> archives.stat(root, path));
    }

    @Override
    public void archive(String ref, String path, java.io.OutputStream out) {
        ContainerRecord c = store.require(ref);
        withRootfs(ref, root -> {
            archives.archive(root, path, out);
            return null;
        });
        events.publish("container", "archive-path", c.id(), with(attributes(c), "path", path));
    }

    @Override
    public void extract(String ref, String dir, java.io.InputStream tar) {
        ContainerRecord c = store.require(ref);
        withRootfs(ref, root -> {
            archives.extract(root, dir, tar);
            return null;
        });
        events.publish("container", "extract-to-dir", c.id(), with(attributes(c), "path", dir));
    }

    /** Runs {@code action} on the container's root file system, mounting it meanwhile when the container is stopped. */
    private <T> T withRootfs(String ref, java.util.function.Function<Path, T> action) {
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        if (c.status().isActive()) {
            return action.apply(RootPaths.of(c, store.json()));
        }
        ImageProvider imageType = registry.requireImageType(c.imageType());
        imageType.mountRootfs(c.rootfs());
        try {
            return action.apply(RootPaths.of(c, store.json()));
        } finally {
            if (!c.status().isActive()) {
                quietly(() -> imageType.unmountRootfs(c.rootfs()));
            }
        }
    }

    // ---- processes and usage (issue 4) ----

    @Override
    public ProcessList top(String ref, String psArgs) {
        ContainerRecord c = running(ref);
        return processTable.list(registry.requireRuntime(c.runtime()).pids(c.handle()), psArgs);
    }

    @Override
    public ContainerStats stats(String ref) {
        ContainerRecord c = running(ref);
        ResourceUsage u = registry.requireRuntime(c.runtime()).stats(c.handle());
        return new ContainerStats(c.id(), c.name(), c.status().isulaName(),
                u.readAt().toString(), u.cpuUsageNanos(), u.cpuKernelNanos(), u.cpuUserNanos(), u.systemCpuNanos(),
                u.onlineCpus(), u.memoryUsage(), u.memoryMaxUsage(), u.memoryLimit(), u.memoryCache(), u.inactiveFile(),
                u.kernelMemoryUsage(), u.blkioRead(), u.blkioWrite(), u.pids(), u.pidsLimit());
    }

    private ContainerRecord running(String ref) {
        ContainerRecord c = store.require(ref);
        ensurePresent(c);
        if (!c.status().isActive()) {
            throw EngineException.conflict("Container " + ref + " is not running");
        }
        return c;
    }

    // ---- helpers ----

    private static Map<String, String> attributes(ContainerRecord c) {
        return Map.of("name", c.name(), "image", c.image());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "ignored: {0}", message(e));
        }
    }

    // ---- images (ImageEngine), with the kernel's knowledge of which container uses which image ----

    @Override
    public List<ImageSummary> images(Map<String, List<String>> filters) { return images.images(filters); }

    @Override
    public ImageDetails inspectImage(String name) { return images.inspectImage(name); }

    @Override
    public List<ImageDeleted> removeImage(String name, boolean force) { return images.removeImage(name, force); }

    @Override
    public List<ImageHistoryItem> imageHistory(String name) { return images.imageHistory(name); }

    @Override
    public ImagesPruned pruneImages(Map<String, List<String>> filters) { return images.pruneImages(filters); }

    @Override
    public void tag(String source, String target) { images.tag(source, target); }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        return images.pull(reference, auth, progress);
    }

    @Override
    public List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress) {
        return images.load(archive, tag, progress);
    }

    @Override
    public List<String> loadFromPath(String type, String path) { return images.loadFromPath(type, path); }

    @Override
    public String importImage(InputStream rootfsTar, String reference) { return images.importImage(rootfsTar, reference); }

    @Override
    public String login(RegistryAuth auth) { return images.login(auth); }

    @Override
    public void logout(String server) { images.logout(server); }

    @Override
    public List<ImageUseCases.ImageUser> of(String imageType, String imageId) {
        return store.all().stream()
                .filter(c -> !c.removed() && c.imageType().equals(imageType) && c.image().equals(imageId))
                .map(c -> new ImageUseCases.ImageUser(c.name(),
                        c.status() == ContainerStatus.RUNNING || c.status() == ContainerStatus.PAUSED))
                .toList();
    }

    @Override
    public void export(String ref, OutputStream out) {
        ContainerRecord c = store.require(ref);
        c.operationLock().lock();
        try {
            registry.requireImageType(c.imageType()).exportRootfs(c.rootfs(), out);
        } finally {
            c.operationLock().unlock();
        }
    }
}
