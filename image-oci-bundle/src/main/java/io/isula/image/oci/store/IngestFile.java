package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import io.isula.image.oci.model.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The partial file of one blob being downloaded, held exclusively (another holder of the same digest waits).
 * A partial file survives a failed attempt within the daemon's run (resume from {@link #size()}); recovery
 * removes partial files at the next start.
 */
public final class IngestFile implements AutoCloseable {
    private final Digest digest;
    private final Path path;
    private final KeyedLocks.Held held;
    private final StoreTransaction tx;
    private boolean closed;

    IngestFile(Digest digest, Path path, KeyedLocks.Held held, StoreTransaction tx) {
        this.digest = digest;
        this.path = path;
        this.held = held;
        this.tx = tx;
    }

    public Digest digest() {
        return digest;
    }

    /** The partial file to write (created empty if absent); append to resume. */
    public Path path() {
        return path;
    }

    /** Bytes already in the partial file. */
    public long size() throws IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }

    /**
     * Moves the complete partial file into the blob store by an atomic rename and returns the blob's path.
     *
     * @param computed the digest the caller computed over exactly the bytes in the file; when it differs from
     *                 {@link #digest()} the partial file is deleted and the commit fails
     */
    public Path commit(Digest computed) throws IOException {
        if (!digest.equals(computed)) {
            discard();
            throw EngineException.invalid("blob " + digest + " failed verification: its content has digest " + computed);
        }
        return tx.commitBlob(path, digest);
    }

    /** Deletes the partial file (a download that must start over). */
    public void discard() throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            held.close();
        }
    }
}
