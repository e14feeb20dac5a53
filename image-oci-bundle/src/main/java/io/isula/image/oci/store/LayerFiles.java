package io.isula.image.oci.store;

import io.isula.core.util.FileTrees;
import io.isula.image.oci.layer.LayerUnpacker;
import io.isula.image.oci.layer.UnpackedLayer;
import io.isula.image.oci.sys.Libc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * A layer on disk: its content in {@code overlay/<id>/diff}, a short link {@code overlay/l/<link> -> ../<id>/diff},
 * and its record {@code overlay-layers/<id>/layer.json}, written last. A layer is unpacked in a temporary folder
 * and renamed into place, so {@code overlay/<id>} is either absent or complete.
 */
final class LayerFiles {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int LINK_LENGTH = 12;

    private final StorePaths paths;
    private final SecureRandom random = new SecureRandom();

    LayerFiles(StorePaths paths) {
        this.paths = paths;
    }

    /** Layer content unpacked in a temporary folder, not yet part of the store. */
    record Staged(Path dir, UnpackedLayer unpacked) {
        Path diff() {
            return dir.resolve("diff");
        }
    }

    /**
     * Asks the file system to spread new layer folders over the disk ({@link Libc#markTopDirectory}). On ext4 without a
     * journal, a new inode is never one freed in the last 30 s, and finding one next to many such inodes (the layers an
     * {@code rmi} just removed) costs a check of each: unpacking a layer of a few hundred files took 3 times as long
     * after a few removals. Elsewhere nothing changes; a failure only costs that speed.
     */
    void spreadLayerFolders() {
        try {
            Libc.markTopDirectory(Libc.path(paths.overlay().toString()));
        } catch (IOException e) {
            System.getLogger(LayerFiles.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot mark {0} as a top directory: {1}", paths.overlay(), e.getMessage());
        }
    }

    /** Unpacks {@code layer} into a new temporary folder; on failure nothing is left behind. */
    Staged stage(LayerUnpacker unpacker, InputStream layer) throws IOException {
        Path dir = StorePaths.tempIn(paths.overlay(), "unpack");
        Files.createDirectories(dir.resolve("diff"));
        try {
            UnpackedLayer unpacked = unpacker.unpack(layer, dir.resolve("diff"));
            return new Staged(dir, unpacked);
        } catch (IOException | RuntimeException | Error e) {
            discard(dir);
            throw e;
        }
    }

    /**
     * Makes a staged layer part of the store: content renamed to {@code overlay/<id>}, short link, then
     * {@code layer.json}. A leftover {@code overlay/<id>} without a record (a crash) is moved away first.
     */
    void install(Staged staged, LayerRecord record) throws IOException {
        Path target = paths.layerDir(record.id());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            discard(moveAway(target));
        }
        Files.move(staged.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        Path link = paths.links().resolve(record.link());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("..", record.id(), "diff"));
        RecordFiles.writeUnsynced(paths.layerJson(record.id()), record);
    }

    /** Rewrites a layer's record (e.g. one more compressed digest seen). */
    void update(LayerRecord record) throws IOException {
        RecordFiles.writeUnsynced(paths.layerJson(record.id()), record);
    }

    /**
     * Takes a layer out of the store: record first (a layer without one is garbage to recovery), then its link,
     * then its content is renamed to a temporary name. Returns that name, for {@link #discard} outside the lock.
     */
    Path takeOut(String id, String link) throws IOException {
        Files.deleteIfExists(paths.layerJson(id));
        Files.deleteIfExists(paths.layerJson(id).getParent());
        if (link != null) {
            Files.deleteIfExists(paths.links().resolve(link));
        }
        Path dir = paths.layerDir(id);
        return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? moveAway(dir) : null;
    }

    /** A fresh short link name, not used by any layer. */
    String newLinkName() {
        while (true) {
            char[] name = new char[LINK_LENGTH];
            for (int i = 0; i < name.length; i++) {
                name[i] = BASE32[random.nextInt(BASE32.length)];
            }
            String candidate = new String(name);
            if (!Files.exists(paths.links().resolve(candidate), LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    /** Points {@code overlay/l/<link>} at the layer's diff again (recovery after a crash between link and record). */
    void repairLink(LayerRecord record) throws IOException {
        Path link = paths.links().resolve(record.link());
        Path expected = Path.of("..", record.id(), "diff");
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(expected)) {
            return;
        }
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, expected);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("short link " + link + " is taken", e);
        }
    }

    Path moveAway(Path dir) throws IOException {
        Path trash = StorePaths.tempIn(dir.getParent(), "del");
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        return trash;
    }

    static void discard(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            System.getLogger(LayerFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot delete {0} (removed at the next start): {1}", dir, e.getMessage());
        }
    }
}
