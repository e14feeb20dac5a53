package io.isula.image.oci.archive;

import io.isula.image.oci.model.Digest;

import java.util.HexFormat;

/** Digests of in-memory blobs with the algorithm of the digest they are checked against. */
final class BlobDigests {
    private BlobDigests() {
    }

    static Digest of(Digest like, byte[] content) {
        return new Digest(like.algorithm(), HexFormat.of().formatHex(like.newHasher().digest(content)));
    }
}
