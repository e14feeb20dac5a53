package io.isula.image.oci.store;

import io.isula.core.api.ContainerChange;
import io.isula.core.api.EngineException;
import io.isula.core.util.FileTrees;
import io.isula.image.oci.sys.Mounts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Container root file systems as overlay mounts: the image's layers (through their short links, top first) as
 * lower directories, and the container's own {@code upper}, {@code work}, {@code merged} folders.
 */
public final class OverlayRootfs {
    private final OciStore store;
    private final Mounts mounts;
    private final KeyedLocks containerLocks = new KeyedLocks();

    public OverlayRootfs(OciStore store, Mounts mounts) {
        this.store = store;
        this.mounts = mounts;
    }

    /** Creates the rootfs of {@code containerId} on the image {@code image}; returns the merged directory (the BaseFs). */
    public Path prepare(String containerId, String image) throws IOException {
        ImageMatch match = store.require(image);
        store.createContainer(containerId, match.image());
        return merged(containerId);
    }

    public Path merged(String containerId) {
        return ContainerFiles.merged(store.paths().containerDir(StoreIds.requireContainerId(containerId)));
    }

    /** Mounts the rootfs unless it already is; returns the merged directory. */
    public Path mount(String containerId) throws IOException {
        try (KeyedLocks.Held held = containerLocks.lock(containerId)) {
            ContainerLayerRecord record = store.container(containerId).orElseThrow(() ->
                    EngineException.notFound("container " + containerId + " has no rootfs in the oci image store"));
            Path dir = store.paths().containerDir(containerId);
            Path merged = ContainerFiles.merged(dir);
            if (mounts.isMounted(merged)) {
                return merged;
            }
            if (record.topLayer() == null) {
                mounts.mountOverlay(dir, List.of("empty"), ContainerFiles.upper(dir), ContainerFiles.work(dir), merged);
                return merged;
            }
            List<String> lowers = new ArrayList<>();
            for (LayerRecord l : store.chain(record.topLayer())) {
                lowers.add(0, l.link());
            }
            mounts.mountOverlay(store.paths().links(), lowers, ContainerFiles.upper(dir), ContainerFiles.work(dir), merged);
            return merged;
        }
    }

    public boolean isMounted(String containerId) throws IOException {
        return mounts.isMounted(merged(containerId));
    }

    /** Bytes the container wrote into its upper layer. */
    public long writableSize(String containerId) throws IOException {
        return FileTrees.size(ContainerFiles.upper(store.paths().containerDir(StoreIds.requireContainerId(containerId))));
    }

    /** What the container changed against its image (Docker's {@code diff}). */
    public List<ContainerChange> changes(String containerId) throws IOException {
        ContainerLayerRecord record = store.container(containerId).orElseThrow(() ->
                EngineException.notFound("container " + containerId + " has no rootfs in the oci image store"));
        List<Path> lowers = new ArrayList<>();
        if (record.topLayer() != null) {
            for (LayerRecord l : store.chain(record.topLayer())) {
                lowers.add(0, store.paths().layerDiff(l.id()));
            }
        }
        return OverlayChanges.of(ContainerFiles.upper(store.paths().containerDir(containerId)), lowers);
    }

    /** Detaches the rootfs mount; not mounted is fine. */
    public void unmount(String containerId) throws IOException {
        try (KeyedLocks.Held held = containerLocks.lock(containerId)) {
            mounts.unmount(merged(containerId));
        }
    }

    /** Unmounts and deletes the rootfs, and the layers nothing uses any more; an unknown container is fine. */
    public void remove(String containerId) throws IOException {
        try (KeyedLocks.Held held = containerLocks.lock(containerId)) {
            mounts.unmount(merged(containerId));
            store.removeContainer(containerId);
        }
    }

    /** Removes the rootfs of every container not in {@code known}; returns their ids. */
    public List<String> removeBroken(Set<String> known) throws IOException {
        List<String> removed = new ArrayList<>();
        for (String id : store.containerFolders()) {
            if (!known.contains(id)) {
                remove(id);
                removed.add(id);
            }
        }
        return removed;
    }
}
