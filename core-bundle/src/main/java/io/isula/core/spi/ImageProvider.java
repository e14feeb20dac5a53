package io.isula.core.spi;

import io.isula.core.api.ContainerChange;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageHistoryItem;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An image type (iSulad {@code struct bim_ops}): "oci", "embedded", "external". Registered with the
 * service property {@code isula.image.type}. Operations a type lacks fail with {@link NotSupported}.
 */
public interface ImageProvider {
    String type();

    /** Called when the provider joins the engine. */
    default void init(ProviderContext context) {
    }

    /** Canonical form of a name (iSulad {@code resolve_image_name}). */
    default String resolveName(String name) {
        return name;
    }

    /** Whether this type serves {@code nameOrPath}: an image name, or the external rootfs path when one is given. */
    boolean detect(String nameOrPath);

    /** Makes the container's rootfs and returns its location (stored as the container's BaseFs). */
    String prepareRootfs(RootfsRequest request);

    /** Makes the rootfs usable (mounts it) and returns the directory to hand to the runtime. */
    default Path mountRootfs(RootfsRequest request) {
        return Path.of(request.baseFs());
    }

    default void unmountRootfs(RootfsRequest request) {
    }

    /**
     * Mounts the image adds to the container's OCI spec, before the user's (none by default). Their sources exist
     * while the rootfs is mounted ({@link #mountRootfs}).
     */
    default List<ImageMount> containerMounts(RootfsRequest request) {
        return List.of();
    }

    default void removeRootfs(RootfsRequest request) {
    }

    /** The paths the container changed against its image, by path (Docker's {@code diff}). */
    default List<ContainerChange> changes(RootfsRequest request) {
        throw new NotSupported("diff", "image type", type());
    }

    /** The steps that made {@code image}, newest first, each with the bytes of the layer it made. */
    default List<ImageHistoryItem> history(String image) {
        throw new NotSupported("history", "image type", type());
    }

    /**
     * Bytes the container wrote into the layer of its own (Docker's {@code SizeRw}); none for a rootfs the image
     * type does not own.
     */
    default long writableLayerSize(RootfsRequest request) {
        return 0;
    }

    /** Bytes of the layers this image type keeps for its images and containers (the measure of what a prune frees). */
    default long storedLayerBytes() {
        return 0;
    }

    /**
     * Removes the rootfs of containers the kernel does not know (iSulad {@code delete_broken_rf}): left by a crash
     * between {@link #prepareRootfs} and the container's record being written. Called once the kernel's store is loaded.
     */
    default void removeBrokenRootfs(Set<String> knownContainerIds) {
    }

    /** The image's configuration to merge into a new container. */
    default ImageConfig mergeConfig(String image) {
        return ImageConfig.none();
    }

    /** Number of images of this type (for {@code info}). */
    default int imageCount() {
        return 0;
    }

    /** The images of this type. */
    default List<ImageSummary> list() {
        return List.of();
    }

    /** The id ({@code sha256:<hex>}) of the image {@code name} (a reference, an id or an id prefix), if this type holds it. */
    default Optional<String> imageId(String name) {
        return Optional.empty();
    }

    default ImageDetails inspect(String image) {
        throw new NotSupported("inspect", "image type", type());
    }

    /**
     * Removes {@code image}: the name given when the image has other names, else the image. The kernel has already
     * refused an image a container uses (unless forced); {@code force} also removes an image with several names.
     */
    default List<ImageDeleted> remove(String image, boolean force) {
        throw new NotSupported("rmi", "image type", type());
    }

    default void tag(String source, String target) {
        throw new NotSupported("tag", "image type", type());
    }

    /** Pulls {@code reference} from its registry; {@code auth} null means stored credentials. Returns the image id. */
    default String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        throw new NotSupported("pull", "image type", type());
    }

    /** Loads the images of an archive file; {@code tag} (may be null) names a single-image archive. Returns the names. */
    default List<String> load(Path archive, String tag, Consumer<ProgressUpdate> progress) {
        throw new NotSupported("load", "image type", type());
    }

    /** Makes a one-layer image of a rootfs tarball. Returns the image id. */
    default String importRootfs(Path tarball, String reference) {
        throw new NotSupported("import", "image type", type());
    }

    /** Writes the container's (mounted) root file system to {@code out} as a tar. */
    default void exportRootfs(RootfsRequest rootfs, OutputStream out) {
        throw new NotSupported("export", "image type", type());
    }

    /** Checks credentials against the registry and stores them. Returns a status line ("Login Succeeded"). */
    default String login(RegistryAuth auth) {
        throw new NotSupported("login", "image type", type());
    }

    default void logout(String server) {
        throw new NotSupported("logout", "image type", type());
    }
}
