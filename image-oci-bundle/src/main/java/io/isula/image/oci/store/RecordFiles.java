package io.isula.image.oci.store;

import io.isula.core.util.AtomicFiles;
import io.isula.image.oci.model.OciJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store's JSON metadata files: written atomically (durably where the store cannot remake them), read back
 * strictly.
 */
final class RecordFiles {
    private RecordFiles() {
    }

    static void write(Path file, Object record) throws IOException {
        AtomicFiles.write(file, OciJson.write(record));
    }

    /**
     * Atomic, not synced: for layer records. A layer's content is not synced either, so a sync of its record would
     * only make a power loss leave a record over missing files; without it the record goes too, and recovery drops
     * the layer and any image on it (a pull brings them back).
     */
    static void writeUnsynced(Path file, Object record) throws IOException {
        AtomicFiles.replaceUnsynced(file, OciJson.write(record));
    }

    /** Reads {@code file}; a missing, empty or malformed file is an {@link IOException} naming it. */
    static <T> T read(Path file, Class<T> type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return OciJson.read(bytes, type, file.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
