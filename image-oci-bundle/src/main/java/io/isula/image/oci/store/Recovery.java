package io.isula.image.oci.store;

import io.isula.core.util.FileTrees;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.sys.Mounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Brings the store back to a consistent state at start, whatever step a crash interrupted: temporary names,
 * partial downloads, layers without a record (or whose parent is gone), images whose layers or config are missing,
 * container folders without a record, and layers and blobs that nothing uses (nothing is in progress at start).
 */
final class Recovery {
    record Recovered(Map<String, LayerRecord> layers, Map<String, ImageRecord> images,
                     Map<String, ContainerLayerRecord> containers, Map<String, List<String>> containerChains) {
    }

    private final StorePaths paths;
    private final LayerFiles layerFiles;
    private final ImageFiles imageFiles;
    private final ContainerFiles containerFiles;
    private final BlobStore blobs;
    private final Mounts mounts;
    private final RecoveryReport report;

    Recovery(StorePaths paths, LayerFiles layerFiles, ImageFiles imageFiles, ContainerFiles containerFiles,
             BlobStore blobs, Mounts mounts, RecoveryReport report) {
        this.paths = paths;
        this.layerFiles = layerFiles;
        this.imageFiles = imageFiles;
        this.containerFiles = containerFiles;
        this.blobs = blobs;
        this.mounts = mounts;
        this.report = report;
    }

    Recovered run() throws IOException {
        for (Path dir : List.of(paths.blobRoot().resolve("sha256"), paths.ingest(), paths.links(), paths.layerMetaRoot(),
                paths.imageRoot(), paths.containerRoot(), paths.scratch())) {
            Files.createDirectories(dir);
        }
        emptyFolder(paths.scratch(), "scratch file");
        emptyFolder(paths.ingest(), "partial download");
        removeTemporaries();
        Map<String, LayerRecord> layers = recoverLayers();
        Map<String, ImageRecord> images = recoverImages(layers);
        Map<String, ContainerLayerRecord> containers = recoverContainers();
        Map<String, List<String>> chains = new HashMap<>();
        containers.forEach((id, c) -> chains.put(id, chainOf(c.topLayer(), layers, "container " + id)));
        removeUnusedLayers(layers, images, chains);
        removeUnusedBlobs(images);
        return new Recovered(layers, images, containers, chains);
    }

    private void emptyFolder(Path dir, String what) throws IOException {
        for (Path p : list(dir)) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                mounts.unmountAllUnder(p);
            }
            FileTrees.delete(p);
            report.add(what + " " + paths.root().relativize(p) + ": removed");
        }
    }

    private void removeTemporaries() throws IOException {
        List<Path> folders = new ArrayList<>(List.of(paths.overlay(), paths.links(), paths.layerMetaRoot(),
                paths.imageRoot(), paths.containerRoot()));
        folders.addAll(list(paths.blobRoot()));
        for (Path meta : List.of(paths.layerMetaRoot(), paths.imageRoot(), paths.containerRoot())) {
            for (Path p : list(meta)) {
                if (!StorePaths.isTemporary(p) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    folders.add(p);
                }
            }
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            for (Path p : list(folder)) {
                if (StorePaths.isTemporary(p)) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        mounts.unmountAllUnder(p);
                    }
                    FileTrees.delete(p);
                    report.add("temporary " + paths.root().relativize(p) + ": removed");
                }
            }
        }
    }

    private Map<String, LayerRecord> recoverLayers() throws IOException {
        Map<String, LayerRecord> layers = new HashMap<>();
        for (Path meta : list(paths.layerMetaRoot())) {
            String id = meta.getFileName().toString();
            LayerRecord record = readRecord(paths.layerJson(id), LayerRecord.class, id);
            if (record == null || !record.id().equals(id)) {
                FileTrees.delete(meta);
                if (StoreIds.isHexId(id)) {
                    LayerFiles.discard(paths.layerDir(id));
                }
                report.add("layer " + id + ": no valid layer.json, removed");
            } else if (!Files.isDirectory(paths.layerDiff(id), LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.delete(meta);
                report.add("layer " + id + ": content missing, removed");
            } else {
                layers.put(id, record);
            }
        }
        for (Path content : list(paths.overlay())) {
            String name = content.getFileName().toString();
            if (!name.equals("l") && !layers.containsKey(name)) {
                FileTrees.delete(content);
                report.add("layer " + name + ": no layer.json, removed");
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (LayerRecord l : List.copyOf(layers.values())) {
                if (l.parent() != null && !layers.containsKey(l.parent())) {
                    removeLayer(l, layers);
                    report.add("layer " + l.id() + ": parent " + l.parent() + " missing, removed");
                    changed = true;
                }
            }
        }
        Set<String> linkNames = new HashSet<>();
        for (LayerRecord l : List.copyOf(layers.values())) {
            if (!linkNames.add(l.link())) {
                removeLayer(l, layers);
                report.add("layer " + l.id() + ": short link " + l.link() + " shared with another layer, removed");
                continue;
            }
            layerFiles.repairLink(l);
        }
        for (Path link : list(paths.links())) {
            if (!linkNames.contains(link.getFileName().toString())) {
                Files.deleteIfExists(link);
                report.add("short link " + link.getFileName() + ": no layer, removed");
            }
        }
        return layers;
    }

    private void removeLayer(LayerRecord l, Map<String, LayerRecord> layers) throws IOException {
        layers.remove(l.id());
        LayerFiles.discard(layerFiles.takeOut(l.id(), null));
    }

    private Map<String, ImageRecord> recoverImages(Map<String, LayerRecord> layers) throws IOException {
        Map<String, ImageRecord> images = new HashMap<>();
        for (Path dir : list(paths.imageRoot())) {
            String id = dir.getFileName().toString();
            ImageRecord record = readRecord(paths.imageJson(id), ImageRecord.class, id);
            String problem = null;
            if (record == null || !record.id().equals(id)) {
                problem = "no valid images.json";
            } else if (!blobs.has(record.configDigest())) {
                problem = "config blob missing";
            } else {
                for (String l : record.layers()) {
                    if (!layers.containsKey(l)) {
                        problem = "layer " + l + " missing";
                        break;
                    }
                }
            }
            if (problem != null) {
                imageFiles.delete(id);
                report.add("image " + id + ": " + problem + ", removed");
            } else {
                images.put(id, record);
            }
        }
        giveEachReferenceToOneImage(images);
        return images;
    }

    /** A crash while a name moved can leave it on two images: the image that took it last keeps it. */
    private void giveEachReferenceToOneImage(Map<String, ImageRecord> images) throws IOException {
        Map<String, ImageRecord> holder = new HashMap<>();
        for (ImageRecord i : images.values()) {
            for (String ref : i.references()) {
                ImageRecord other = holder.get(ref);
                if (other == null || newer(i, other)) {
                    holder.put(ref, i);
                }
            }
        }
        for (ImageRecord i : List.copyOf(images.values())) {
            List<String> lost = i.references().stream().filter(r -> holder.get(r) != i).toList();
            if (!lost.isEmpty()) {
                ImageRecord fixed = i.withReferences(i.names().stream().filter(r -> !lost.contains(r)).toList(),
                        i.repoDigests().stream().filter(r -> !lost.contains(r)).toList(), i.loaded());
                imageFiles.save(fixed);
                images.put(i.id(), fixed);
                report.add("image " + i.id() + ": " + lost + " also named another image, given to that one");
            }
        }
    }

    private static boolean newer(ImageRecord a, ImageRecord b) {
        String la = a.loaded() == null ? "" : a.loaded();
        String lb = b.loaded() == null ? "" : b.loaded();
        int c = la.compareTo(lb);
        return c > 0 || (c == 0 && a.id().compareTo(b.id()) > 0);
    }

    private Map<String, ContainerLayerRecord> recoverContainers() throws IOException {
        Map<String, ContainerLayerRecord> containers = new HashMap<>();
        for (Path dir : list(paths.containerRoot())) {
            String id = dir.getFileName().toString();
            ContainerLayerRecord record = readRecord(dir.resolve("container.json"), ContainerLayerRecord.class, id);
            if (record == null || !record.id().equals(id)) {
                mounts.unmountAllUnder(dir);
                FileTrees.delete(dir);
                report.add("container " + id + ": no valid container.json, removed");
            } else {
                containers.put(id, record);
            }
        }
        return containers;
    }

    private List<String> chainOf(String top, Map<String, LayerRecord> layers, String user) {
        List<String> chain = new ArrayList<>();
        for (String id = top; id != null; ) {
            LayerRecord l = layers.get(id);
            if (l == null) {
                report.add(user + ": layer " + id + " missing, its rootfs cannot be mounted");
                break;
            }
            chain.add(0, id);
            id = l.parent();
        }
        return chain;
    }

    private void removeUnusedLayers(Map<String, LayerRecord> layers, Map<String, ImageRecord> images,
                                    Map<String, List<String>> containerChains) throws IOException {
        Set<String> used = new HashSet<>();
        images.values().forEach(i -> used.addAll(i.layers()));
        containerChains.values().forEach(used::addAll);
        for (LayerRecord l : List.copyOf(layers.values())) {
            if (!used.contains(l.id())) {
                layers.remove(l.id());
                LayerFiles.discard(layerFiles.takeOut(l.id(), l.link()));
                report.add("layer " + l.id() + ": used by no image or container, removed");
            }
        }
    }

    private void removeUnusedBlobs(Map<String, ImageRecord> images) throws IOException {
        Set<Digest> used = new HashSet<>();
        for (ImageRecord i : images.values()) {
            used.add(i.configDigest());
            if (i.manifestDigest() != null) {
                used.add(i.manifestDigest());
            }
        }
        for (Digest d : blobs.all()) {
            if (!used.contains(d)) {
                blobs.delete(d);
                report.add("blob " + d + ": used by no image, removed");
            }
        }
    }

    private <T> T readRecord(Path file, Class<T> type, String id) {
        try {
            return RecordFiles.read(file, type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
