package io.isula.image.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.util.AtomicFiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded embedded images, one JSON file per image ({@code <root>/images/<hex>.json}, written atomically), so
 * they survive a daemon restart; names are unique (iSulad's {@code image_names} table).
 */
final class ImageStore {
    private static final System.Logger LOG = System.getLogger(ImageStore.class.getName());
    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, StoredImage> byName = new LinkedHashMap<>();

    ImageStore(Path root, ObjectMapper json) {
        this.dir = root.resolve("images");
        this.json = json;
        load();
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    StoredImage image = json.readValue(f.toFile(), StoredImage.class);
                    byName.put(image.name(), image);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "skipping unreadable embedded image record {0}: {1}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    synchronized List<StoredImage> all() {
        return new ArrayList<>(byName.values());
    }

    /** By name, full id ({@code sha256:<hex>}) or bare hex id. */
    synchronized Optional<StoredImage> find(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        StoredImage named = byName.get(ref);
        if (named != null) {
            return Optional.of(named);
        }
        for (StoredImage image : byName.values()) {
            if (image.id().equals(ref) || image.hex().equals(ref)) {
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }

    /**
     * Stores {@code image}; the same manifest (same digest, same path) again is fine, another manifest under a taken
     * name is a conflict. Returns whether a new record was written.
     */
    synchronized boolean add(StoredImage image) {
        StoredImage existing = byName.get(image.name());
        if (existing != null) {
            if (existing.id().equals(image.id()) && existing.manifestPath().equals(image.manifestPath())) {
                return false;
            }
            throw EngineException.conflict("Image name is conflicted in the database");
        }
        for (StoredImage other : byName.values()) {
            if (other.id().equals(image.id())) {
                throw EngineException.conflict("Image name is conflicted in the database");
            }
        }
        try {
            AtomicFiles.write(dir.resolve(image.hex() + ".json"), json.writeValueAsBytes(image));
        } catch (IOException e) {
            throw EngineException.internal("cannot store embedded image " + image.name() + ": " + e.getMessage(), e);
        }
        byName.put(image.name(), image);
        return true;
    }

    synchronized void remove(StoredImage image) {
        try {
            Files.deleteIfExists(dir.resolve(image.hex() + ".json"));
            AtomicFiles.syncDirectory(dir);
        } catch (IOException e) {
            throw EngineException.internal("cannot remove embedded image " + image.name() + ": " + e.getMessage(), e);
        }
        byName.remove(image.name());
    }
}
