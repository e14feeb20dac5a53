package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.image.oci.layer.HashingInputStream;
import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageConfigFile;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.sys.Mounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OCI image store under {@code <graph>/storage}: blobs, layers keyed by chain id, images, container rootfs.
 *
 * <p>One lock guards the in-memory view and every rename or metadata write that changes what the store holds;
 * unpacking, the slow part, runs outside it under a per-chain-id lock, so that two operations needing the same
 * layer unpack it once. Layer users are counted in memory from images and containers (never persisted): a layer
 * goes when no image, no container and no open {@link StoreTransaction} uses it.
 */
public final class OciStore {
    private static final System.Logger LOG = System.getLogger(OciStore.class.getName());
    private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

    private final StorePaths paths;
    private final LayerUnpacker unpacker;
    private final Clock clock;
    private final BlobStore blobs;
    private final LayerFiles layerFiles;
    private final ImageFiles imageFiles;
    private final ContainerFiles containerFiles;
    private final RecoveryReport recovery;

    private final ReentrantLock lock = new ReentrantLock();
    private final KeyedLocks chainLocks = new KeyedLocks();
    private final KeyedLocks ingestLocks = new KeyedLocks();
    private final Map<String, LayerRecord> layers = new HashMap<>();
    private final Map<String, ImageRecord> images = new HashMap<>();
    private final Map<String, ContainerLayerRecord> containers = new HashMap<>();
    /** The layers each container's rootfs sits on, as counted when it was created or loaded. */
    private final Map<String, List<String>> containerChains = new HashMap<>();
    /** Stored reference (tag or digest) → image id. */
    private final Map<String, String> references = new HashMap<>();
    private final Counts layerUsers = new Counts();
    private final Counts layerPins = new Counts();
    private final Counts blobPins = new Counts();

    private OciStore(StorePaths paths, LayerUnpacker unpacker, Mounts mounts, Clock clock) {
        this.paths = paths;
        this.unpacker = unpacker;
        this.clock = clock;
        this.blobs = new BlobStore(paths);
        this.layerFiles = new LayerFiles(paths);
        this.imageFiles = new ImageFiles(paths);
        this.containerFiles = new ContainerFiles(paths, mounts);
        this.recovery = new RecoveryReport();
    }

    /** Opens (creating) the store at {@code root}, after recovering it from whatever a crash left. */
    public static OciStore open(Path root, LayerUnpacker unpacker, Mounts mounts) throws IOException {
        return open(root, unpacker, mounts, Clock.systemUTC());
    }

    public static OciStore open(Path root, LayerUnpacker unpacker, Mounts mounts, Clock clock) throws IOException {
        OciStore store = new OciStore(new StorePaths(root), unpacker, mounts, clock);
        Recovery.Recovered state = new Recovery(store.paths, store.layerFiles, store.imageFiles, store.containerFiles,
                store.blobs, mounts, store.recovery).run();
        store.layerFiles.spreadLayerFolders();
        store.lock.lock();
        try {
            store.layers.putAll(state.layers());
            state.images().values().forEach(store::addImage);
            state.containers().forEach((id, c) -> store.addContainer(c, state.containerChains().get(id)));
        } finally {
            store.lock.unlock();
        }
        if (!store.recovery.lines().isEmpty()) {
            LOG.log(Level.INFO, "image store {0} recovered:\n{1}", root, store.recovery);
        }
        return store;
    }

    public StorePaths paths() {
        return paths;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** What recovery did when the store was opened. */
    public RecoveryReport recovery() {
        return recovery;
    }

    public StoreTransaction begin() {
        return new StoreTransaction(this);
    }

    // ---- queries ----

    public List<ImageRecord> images() {
        lock.lock();
        try {
            return List.copyOf(images.values());
        } finally {
            lock.unlock();
        }
    }

    public int imageCount() {
        lock.lock();
        try {
            return images.size();
        } finally {
            lock.unlock();
        }
    }

    public Optional<ImageRecord> image(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(images.get(id));
        } finally {
            lock.unlock();
        }
    }

    public Optional<LayerRecord> layer(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(layers.get(id));
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of layer {@code id}, unpacked; 0 for a layer the store does not hold. */
    public long layerSize(String id) {
        return layer(id).map(LayerRecord::size).orElse(0L);
    }

    /** Bytes of every layer the store holds, unpacked. */
    public long layerBytes() {
        lock.lock();
        try {
            return layers.values().stream().mapToLong(LayerRecord::size).sum();
        } finally {
            lock.unlock();
        }
    }

    public boolean hasLayer(Digest chainId) {
        return layer(chainId.hex()).isPresent();
    }

    /** How many images and containers use the layer. */
    public int layerUsers(String layerId) {
        lock.lock();
        try {
            return layerUsers.get(layerId);
        } finally {
            lock.unlock();
        }
    }

    /** The layer {@code topLayer} and everything below it, bottom first; null top means none. */
    public List<LayerRecord> chain(String topLayer) {
        lock.lock();
        try {
            List<LayerRecord> out = new ArrayList<>();
            for (String id = topLayer; id != null; ) {
                LayerRecord l = layers.get(id);
                if (l == null) {
                    throw EngineException.internal("layer " + id + " is missing from the image store", null);
                }
                out.add(0, l);
                id = l.parent();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finds an image by reference ({@code busybox}, {@code busybox:1.36}, {@code busybox@sha256:…}), by id
     * ({@code sha256:<hex>} or the bare hex) or by a unique id prefix; names win over id prefixes, as in Docker.
     *
     * @throws EngineException (not found) when an id prefix matches several images
     */
    public Optional<ImageMatch> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        lock.lock();
        try {
            String hex = name.startsWith("sha256:") ? name.substring("sha256:".length()) : null;
            if (hex == null && name.length() == 64 && StoreIds.isHexId(name)) {
                hex = name;
            }
            if (hex == null) {
                Optional<ImageMatch> byName = findByName(name);
                if (byName.isPresent() || !HEX_PREFIX.matcher(name).matches()) {
                    return byName;
                }
                hex = name;
            }
            return findByIdPrefix(hex, name);
        } finally {
            lock.unlock();
        }
    }

    public ImageMatch require(String name) {
        return find(name).orElseThrow(() -> EngineException.notFound("No such image: " + name));
    }

    private Optional<ImageMatch> findByName(String name) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String key = ImageNames.lookupKey(ref);
        String id = references.get(key);
        return id == null ? Optional.empty() : Optional.of(new ImageMatch(images.get(id), key));
    }

    private Optional<ImageMatch> findByIdPrefix(String hex, String name) {
        if (!HEX_PREFIX.matcher(hex).matches()) {
            return Optional.empty();
        }
        ImageRecord exact = images.get(hex);
        if (exact != null) {
            return Optional.of(new ImageMatch(exact, null));
        }
        List<ImageRecord> matches = images.values().stream().filter(i -> i.id().startsWith(hex)).toList();
        if (matches.size() > 1) {
            throw EngineException.notFound("No such image: " + name + " (the id prefix matches " + matches.size() + " images)");
        }
        return matches.stream().findFirst().map(i -> new ImageMatch(i, null));
    }

    public byte[] config(ImageRecord image) throws IOException {
        return blobs.read(image.configDigest());
    }

    /** Containers whose rootfs was made from this image. */
    public int containersUsing(String imageId) {
        lock.lock();
        try {
            return (int) containers.values().stream().filter(c -> c.image().equals(imageId)).count();
        } finally {
            lock.unlock();
        }
    }

    public Optional<ContainerLayerRecord> container(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(containers.get(id));
        } finally {
            lock.unlock();
        }
    }

    public Set<String> containerIds() {
        lock.lock();
        try {
            return Set.copyOf(containers.keySet());
        } finally {
            lock.unlock();
        }
    }

    // ---- layers and blobs of transactions ----

    boolean pinLayerIfPresent(StoreTransaction tx, String layerId, Digest compressedDigest) {
        lock.lock();
        try {
            LayerRecord layer = layers.get(layerId);
            if (layer == null) {
                return false;
            }
            if (tx.layerPins.add(layerId)) {
                layerPins.add(layerId);
            }
            LayerRecord seen = layer.withCompressedDigest(compressedDigest);
            if (seen != layer) {
                try {
                    layerFiles.update(seen);
                    layers.put(layerId, seen);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot record a compressed digest of layer {0}: {1}", layerId, e.getMessage());
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a stored blob has this digest, or a stored layer was unpacked from a blob with it. */
    boolean knowsCompressedDigest(Digest digest) {
        lock.lock();
        try {
            return blobs.has(digest) || layers.values().stream()
                    .anyMatch(l -> l.compressedDigests() != null && l.compressedDigests().contains(digest));
        } finally {
            lock.unlock();
        }
    }

    Optional<Path> pinBlobIfPresent(StoreTransaction tx, Digest digest) {
        lock.lock();
        try {
            if (!blobs.has(digest)) {
                return Optional.empty();
            }
            pinBlob(tx, digest);
            return Optional.of(blobs.path(digest));
        } finally {
            lock.unlock();
        }
    }

    private void pinBlob(StoreTransaction tx, Digest digest) {
        if (tx.blobPins.add(digest)) {
            blobPins.add(digest.toString());
        }
    }

    KeyedLocks.Held lockIngest(Digest digest) {
        return ingestLocks.lock(digest.toString());
    }

    Path commitBlob(StoreTransaction tx, Path partial, Digest digest) throws IOException {
        lock.lock();
        try {
            Path blob = blobs.commit(partial, digest);
            pinBlob(tx, digest);
            return blob;
        } finally {
            lock.unlock();
        }
    }

    Digest unpack(StoreTransaction tx, LayerSource source, Digest parent, Digest diffId, Digest compressedDigest)
            throws IOException {
        if (diffId != null) {
            Digest chainId = ChainIds.chainId(parent, diffId);
            try (KeyedLocks.Held held = chainLocks.lock(chainId.hex())) {
                if (pinLayerIfPresent(tx, chainId.hex(), compressedDigest)) {
                    return chainId;
                }
                LayerFiles.Staged staged = stageVerified(source, diffId, compressedDigest);
                install(tx, staged, chainId, parent, compressedDigest);
                return chainId;
            }
        }
        LayerFiles.Staged staged = stageVerified(source, null, compressedDigest);
        Digest chainId = ChainIds.chainId(parent, staged.unpacked().diffId());
        try (KeyedLocks.Held held = chainLocks.lock(chainId.hex())) {
            if (pinLayerIfPresent(tx, chainId.hex(), compressedDigest)) {
                LayerFiles.discard(staged.dir());
                return chainId;
            }
            install(tx, staged, chainId, parent, compressedDigest);
            return chainId;
        }
    }

    private LayerFiles.Staged stageVerified(LayerSource source, Digest diffId, Digest compressedDigest) throws IOException {
        LayerFiles.Staged staged = null;
        try {
            boolean hash = compressedDigest != null && !source.checksDigest();
            try (InputStream raw = source.open(); InputStream in = hash
                    ? new HashingInputStream(raw, compressedDigest.algorithm(), compressedDigest.newHasher()) : raw) {
                staged = layerFiles.stage(unpacker, in);
                // to the end: the digest covers the whole blob, and a source that checks it does so before its end
                in.transferTo(OutputStream.nullOutputStream());
                if (in instanceof HashingInputStream hashed) {
                    Digest actual = hashed.digest();
                    if (!actual.equals(compressedDigest)) {
                        throw new LayerException("layer blob " + compressedDigest + " does not match its digest (content is "
                                + actual + ")");
                    }
                }
            }
            if (diffId != null && !diffId.equals(staged.unpacked().diffId())) {
                throw new LayerException("layer diff id mismatch: the image names " + diffId + " but the content is "
                        + staged.unpacked().diffId());
            }
            return staged;
        } catch (IOException | RuntimeException | Error e) {
            if (staged != null) {
                LayerFiles.discard(staged.dir());
            }
            throw e;
        }
    }

    private void install(StoreTransaction tx, LayerFiles.Staged staged, Digest chainId, Digest parent,
                         Digest compressedDigest) throws IOException {
        lock.lock();
        try {
            LayerRecord record = new LayerRecord(chainId.hex(), parent == null ? null : parent.hex(),
                    staged.unpacked().diffId(), compressedDigest == null ? List.of() : List.of(compressedDigest),
                    staged.unpacked().size(), layerFiles.newLinkName(), now());
            layerFiles.install(staged, record);
            layers.put(record.id(), record);
            tx.layerPins.add(record.id());
            layerPins.add(record.id());
        } catch (IOException | RuntimeException e) {
            LayerFiles.discard(staged.dir());
            throw e;
        } finally {
            lock.unlock();
        }
    }

    String register(StoreTransaction tx, byte[] config, byte[] manifest, Digest manifestDigest, List<String> names,
                    List<String> repoDigests) throws IOException {
        ImageConfigFile parsed;
        try {
            parsed = OciJson.read(config, ImageConfigFile.class, "image config");
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        if (manifest != null && manifestDigest == null) {
            throw new IllegalArgumentException("a manifest needs its digest");
        }
        List<String> tags = names == null ? List.of() : names.stream().map(ImageNames::tagged).distinct().toList();
        List<String> digests = repoDigests == null ? List.of()
                : repoDigests.stream().map(ImageNames::digested).distinct().toList();
        List<String> chain = ChainIds.chainIds(parsed.diffIds()).stream().map(Digest::hex).toList();
        Digest configDigest = Digest.sha256(config);
        List<Path> trash = new ArrayList<>();
        lock.lock();
        try {
            long size = 0;
            for (String layerId : chain) {
                LayerRecord l = layers.get(layerId);
                if (l == null) {
                    throw EngineException.invalid("layer sha256:" + layerId + " of image " + configDigest
                            + " is not in the store");
                }
                size += l.size();
            }
            blobs.put(configDigest, config);
            pinBlob(tx, configDigest);
            if (manifest != null) {
                try {
                    blobs.put(manifestDigest, manifest);
                } catch (IllegalArgumentException e) {
                    throw EngineException.invalid("manifest: " + e.getMessage());
                }
                pinBlob(tx, manifestDigest);
            }
            String id = configDigest.hex();
            ImageRecord existing = images.get(id);
            ImageRecord record;
            if (existing == null) {
                record = new ImageRecord(id, tags, digests, parsed.created(), now(), chain, size, manifestDigest);
            } else {
                record = new ImageRecord(id, union(existing.names(), tags), union(existing.repoDigests(), digests),
                        existing.created(), now(), existing.layers(), existing.size(),
                        existing.manifestDigest() != null ? existing.manifestDigest() : manifestDigest);
            }
            storeWithReferences(record, existing, trash);
            return id;
        } finally {
            lock.unlock();
            trash.forEach(LayerFiles::discard);
        }
    }

    /**
     * Saves {@code record} (new, or {@code previous} with more references) and takes its references from the images
     * holding them. The new record is written first: a crash in between leaves a reference on two images, which
     * recovery gives to the one stored last.
     */
    private void storeWithReferences(ImageRecord record, ImageRecord previous, List<Path> trash) throws IOException {
        imageFiles.save(record);
        Map<String, List<String>> lost = new HashMap<>();
        for (String ref : record.references()) {
            String holder = references.get(ref);
            if (holder != null && !holder.equals(record.id())) {
                lost.computeIfAbsent(holder, k -> new ArrayList<>()).add(ref);
            }
        }
        if (previous == null) {
            addImage(record);
        } else {
            images.put(record.id(), record);
            record.references().forEach(r -> references.put(r, record.id()));
        }
        for (Map.Entry<String, List<String>> e : lost.entrySet()) {
            ImageRecord old = images.get(e.getKey());
            ImageRecord untagged = old.withReferences(minus(old.names(), e.getValue()),
                    minus(old.repoDigests(), e.getValue()), old.loaded());
            imageFiles.save(untagged);
            images.put(old.id(), untagged);
        }
    }

    private void addImage(ImageRecord record) {
        images.put(record.id(), record);
        record.references().forEach(r -> references.put(r, record.id()));
        record.layers().forEach(layerUsers::add);
    }

    private void addContainer(ContainerLayerRecord record, List<String> chain) {
        containers.put(record.id(), record);
        containerChains.put(record.id(), chain);
        chain.forEach(layerUsers::add);
    }

    void release(StoreTransaction tx) {
        List<Path> trash = new ArrayList<>();
        lock.lock();
        try {
            Set<String> candidates = new LinkedHashSet<>();
            for (String id : tx.layerPins) {
                layerPins.remove(id);
                candidates.add(id);
            }
            tx.layerPins.clear();
            dropUnused(candidates, trash);
            for (Digest d : tx.blobPins) {
                blobPins.remove(d.toString());
                if (blobPins.get(d.toString()) == 0 && !referencedBlobs().contains(d)) {
                    try {
                        blobs.delete(d);
                    } catch (IOException e) {
                        LOG.log(Level.WARNING, "cannot delete blob {0} (removed at the next start): {1}", d, e.getMessage());
                    }
                }
            }
            tx.blobPins.clear();
        } finally {
            lock.unlock();
            trash.forEach(LayerFiles::discard);
        }
    }

    private Set<Digest> referencedBlobs() {
        Set<Digest> out = new HashSet<>();
        for (ImageRecord i : images.values()) {
            out.add(i.configDigest());
            if (i.manifestDigest() != null) {
                out.add(i.manifestDigest());
            }
        }
        return out;
    }

    /**
     * Takes out each of {@code candidates} that no image, container or transaction uses, children before parents.
     * Returns the removed ids in that order; their folders are added to {@code trash}.
     */
    private List<String> dropUnused(Set<String> candidates, List<Path> trash) {
        List<String> unused = new ArrayList<>();
        for (String id : candidates) {
            if (layers.containsKey(id) && layerUsers.get(id) == 0 && layerPins.get(id) == 0) {
                unused.add(id);
            }
        }
        unused.sort(Comparator.comparingInt(this::depth).reversed());
        List<String> removed = new ArrayList<>();
        for (String id : unused) {
            LayerRecord l = layers.get(id);
            try {
                Path dir = layerFiles.takeOut(id, l.link());
                layers.remove(id);
                removed.add(id);
                if (dir != null) {
                    trash.add(dir);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove layer {0} (retried at the next start): {1}", id, e.getMessage());
            }
        }
        return removed;
    }

    private int depth(String layerId) {
        int d = 0;
        for (LayerRecord l = layers.get(layerId); l != null && l.parent() != null; l = layers.get(l.parent())) {
            d++;
        }
        return d;
    }

    // ---- image operations ----

    /** {@code rmi} with Docker's semantics (see {@link RemovalRules}); returns Docker's Untagged/Deleted lines. */
    public List<ImageDeleted> remove(String name, boolean force) throws IOException {
        List<Path> trash = new ArrayList<>();
        lock.lock();
        try {
            ImageMatch match = require(name);
            ImageRecord image = match.image();
            RemovalRules.Plan plan = RemovalRules.plan(image, match.reference(), force);
            List<ImageDeleted> out = new ArrayList<>();
            plan.untag().forEach(r -> out.add(ImageDeleted.untagged(ImageNames.familiar(r))));
            if (!plan.deleteImage()) {
                ImageRecord untagged = image.withReferences(minus(image.names(), plan.untag()),
                        minus(image.repoDigests(), plan.untag()), image.loaded());
                imageFiles.save(untagged);
                images.put(image.id(), untagged);
                plan.untag().forEach(references::remove);
                return out;
            }
            imageFiles.delete(image.id());
            images.remove(image.id());
            image.references().forEach(references::remove);
            out.add(ImageDeleted.deleted("sha256:" + image.id()));
            Set<String> candidates = new LinkedHashSet<>();
            for (String l : image.layers()) {
                layerUsers.remove(l);
                candidates.add(l);
            }
            for (String removed : dropUnused(candidates, trash)) {
                out.add(ImageDeleted.deleted("sha256:" + removed));
            }
            deleteBlobsOf(image);
            return out;
        } finally {
            lock.unlock();
            trash.forEach(LayerFiles::discard);
        }
    }

    private void deleteBlobsOf(ImageRecord image) {
        Set<Digest> referenced = referencedBlobs();
        for (Digest d : new Digest[]{image.configDigest(), image.manifestDigest()}) {
            if (d != null && !referenced.contains(d) && blobPins.get(d.toString()) == 0) {
                try {
                    blobs.delete(d);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot delete blob {0} (removed at the next start): {1}", d, e.getMessage());
                }
            }
        }
    }

    /** Names the image {@code source} also {@code target} (normalized; a tag, never a digest), taking it from another image. */
    public void tag(String source, String target) throws IOException {
        String ref = ImageNames.tagged(target);
        lock.lock();
        try {
            ImageRecord image = require(source).image();
            if (image.names().contains(ref)) {
                return;
            }
            ImageRecord named = image.withReferences(union(image.names(), List.of(ref)), image.repoDigests(), now());
            storeWithReferences(named, image, new ArrayList<>());
        } finally {
            lock.unlock();
        }
    }

    // ---- container rootfs ----

    /** Makes the rootfs folders of container {@code id} on {@code image}'s layers; the same call again returns the record. */
    public ContainerLayerRecord createContainer(String id, ImageRecord image) throws IOException {
        StoreIds.requireContainerId(id);
        lock.lock();
        try {
            ContainerLayerRecord existing = containers.get(id);
            if (existing != null) {
                if (!existing.image().equals(image.id())) {
                    throw EngineException.conflict("container " + id + " already has a rootfs of another image");
                }
                return existing;
            }
            if (!images.containsKey(image.id())) {
                throw EngineException.notFound("No such image: sha256:" + image.id());
            }
            for (String l : image.layers()) {
                if (!layers.containsKey(l)) {
                    throw EngineException.internal("layer " + l + " of image " + image.id() + " is missing", null);
                }
            }
            if (Files.exists(paths.containerDir(id))) {
                containerFiles.discard(containerFiles.takeOut(id));
            }
            ContainerLayerRecord record = new ContainerLayerRecord(id, image.id(), image.topLayer(), now());
            containerFiles.create(record);
            addContainer(record, image.layers());
            return record;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a container's rootfs folders (it must be unmounted) and the layers nothing else uses any more. */
    public void removeContainer(String id) throws IOException {
        StoreIds.requireContainerId(id);
        List<Path> trash = new ArrayList<>();
        Path rootfs;
        lock.lock();
        try {
            rootfs = containerFiles.takeOut(id);
            ContainerLayerRecord record = containers.remove(id);
            if (record != null) {
                Set<String> candidates = new LinkedHashSet<>();
                for (String l : containerChains.remove(id)) {
                    layerUsers.remove(l);
                    candidates.add(l);
                }
                dropUnused(candidates, trash);
            }
        } finally {
            lock.unlock();
        }
        containerFiles.discard(rootfs);
        trash.forEach(LayerFiles::discard);
    }

    /** Container folders in the store, recorded or not (for the removal of broken rootfs). */
    public Set<String> containerFolders() throws IOException {
        try (Stream<Path> s = Files.list(paths.containerRoot())) {
            return s.filter(p -> !StorePaths.isTemporary(p)).map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<String> minus(List<String> a, List<String> gone) {
        return a.stream().filter(x -> !gone.contains(x)).toList();
    }
}
