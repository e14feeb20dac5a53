package io.isula.core.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The image use cases: listing, pulling, loading and removing images of every image type. An image is named by
 * a reference ({@code busybox}, {@code busybox:1.36}, {@code host:5000/repo@sha256:…}), its id or an id prefix.
 */
public interface ImageEngine {
    /** Images of every type; {@code filters} as Docker's (dangling, label, before, since, reference). */
    List<ImageSummary> images(Map<String, List<String>> filters);

    ImageDetails inspectImage(String name);

    /** The steps that made image {@code name}, newest first ({@code docker history}). */
    default List<ImageHistoryItem> imageHistory(String name) {
        throw EngineException.unavailable("image history is not supported by this engine");
    }

    /** Removes an image (or, when it has several names, the name given); refuses one a container uses unless forced. */
    List<ImageDeleted> removeImage(String name, boolean force);

    /**
     * Removes the images no container uses that match Docker's prune filters: {@code dangling} (true, the default:
     * only images without a name), {@code until}, {@code label}, {@code label!}.
     */
    default ImagesPruned pruneImages(Map<String, List<String>> filters) {
        throw EngineException.unavailable("image prune is not supported by this engine");
    }

    void tag(String source, String target);

    /** Pulls {@code reference}; {@code auth} may be null (stored login credentials are used). Returns the image id. */
    String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress);

    /** Loads a docker-archive or OCI-archive tarball; {@code tag} renames a single-image archive. Returns the names loaded. */
    List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress);

    /**
     * Loads the image an image type keeps as a file on the daemon's host, named by its absolute path (iSulad's
     * {@code isula load -t embedded -i MANIFEST}). Returns the names loaded.
     */
    default List<String> loadFromPath(String type, String path) {
        throw EngineException.invalid("loading a file of image type " + type + " is not supported here");
    }

    /** Makes a one-layer image of a rootfs tarball and names it {@code reference}. Returns the image id. */
    String importImage(InputStream rootfsTar, String reference);

    /** Writes a container's root file system as a tar. */
    void export(String container, OutputStream out);

    /** Checks the credentials against the registry and keeps them daemon-side. Returns a status line. */
    String login(RegistryAuth auth);

    void logout(String server);
}
