/**
 * The OCI image store under {@code <graph>/storage}: content-addressed blobs, partial downloads, layers keyed by
 * chain id, images, and container rootfs on overlayfs. Layout and crash rules: docs/storage.md.
 */
package io.isula.image.oci.store;
