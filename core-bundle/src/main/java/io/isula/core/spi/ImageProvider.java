package io.isula.core.spi;

import java.nio.file.Path;

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

    default void removeRootfs(RootfsRequest request) {
    }

    /** The image's configuration to merge into a new container. */
    default ImageConfig mergeConfig(String image) {
        return ImageConfig.none();
    }

    /** Number of images of this type (for {@code info}). */
    default int imageCount() {
        return 0;
    }

    default Object inspect(String image) {
        throw new NotSupported("inspect", "image type", type());
    }

    default void remove(String image, boolean force) {
        throw new NotSupported("rmi", "image type", type());
    }

    default void tag(String source, String target) {
        throw new NotSupported("tag", "image type", type());
    }
}
