package io.isula.image.oci.layer;

import io.isula.image.oci.model.Digest;

/** The result of unpacking a layer: its diff id (sha256 of the uncompressed tar) and the size of what was unpacked. */
public record UnpackedLayer(Digest diffId, long size) {
}
