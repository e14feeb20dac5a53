/** The OCI image spec's values: digests, descriptors, manifests, indexes, image configs, references. */
package io.isula.image.oci.model;
