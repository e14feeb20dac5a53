/** Image archives: load of docker-archive and OCI layout tarballs, import of rootfs tarballs. */
package io.isula.image.oci.archive;
