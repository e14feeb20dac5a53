package io.isula.image.oci.store;

import io.isula.core.util.AtomicFiles;
import io.isula.image.oci.sys.Mounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A container's rootfs on disk: {@code overlay-containers/<id>/} with {@code upper}, {@code work} and
 * {@code merged} (and {@code empty}, the lower of an image without layers), then {@code container.json}.
 */
final class ContainerFiles {
    private final StorePaths paths;
    private final Mounts mounts;

    ContainerFiles(StorePaths paths, Mounts mounts) {
        this.paths = paths;
        this.mounts = mounts;
    }

    static Path upper(Path dir) {
        return dir.resolve("upper");
    }

    static Path work(Path dir) {
        return dir.resolve("work");
    }

    static Path merged(Path dir) {
        return dir.resolve("merged");
    }

    static Path empty(Path dir) {
        return dir.resolve("empty");
    }

    void create(ContainerLayerRecord record) throws IOException {
        Path dir = paths.containerDir(record.id());
        Path tmp = StorePaths.tempIn(paths.containerRoot(), "ctr");
        try {
            Files.createDirectories(upper(tmp));
            Files.createDirectories(work(tmp));
            Files.createDirectories(merged(tmp));
            if (record.topLayer() == null) {
                Files.createDirectories(empty(tmp));
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LayerFiles.discard(tmp);
            throw e;
        }
        AtomicFiles.syncDirectory(paths.containerRoot());
        RecordFiles.write(paths.containerJson(record.id()), record);
    }

    /**
     * Takes a container's rootfs out: refused while mounted; record first, then the folder is renamed to a
     * temporary name, returned for {@link LayerFiles#discard} outside the lock.
     */
    Path takeOut(String id) throws IOException {
        Path dir = paths.containerDir(id);
        if (mounts.isMounted(merged(dir))) {
            throw new IOException("the rootfs of container " + id + " is still mounted");
        }
        Files.deleteIfExists(paths.containerJson(id));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path trash = StorePaths.tempIn(paths.containerRoot(), "del");
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        return trash;
    }

    /** Deletes a removed rootfs folder, unmounting anything found below it first. */
    void discard(Path trash) {
        if (trash == null) {
            return;
        }
        try {
            mounts.unmountAllUnder(trash);
        } catch (IOException e) {
            System.getLogger(ContainerFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot unmount below {0}: {1}", trash, e.getMessage());
            return;
        }
        LayerFiles.discard(trash);
    }
}
