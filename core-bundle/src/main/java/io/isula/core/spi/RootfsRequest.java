package io.isula.core.spi;

/**
 * A container's root file system as the image layer sees it.
 *
 * @param containerId    the container
 * @param image          the image name the user gave
 * @param externalRootfs {@code --external-rootfs}, or null
 * @param baseFs         what {@link ImageProvider#prepareRootfs} returned, once prepared
 */
public record RootfsRequest(String containerId, String image, String externalRootfs, String baseFs) {
}
