package io.isula.image.oci.registry;

import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageManifest;
import io.isula.image.oci.model.ImageReference;

/**
 * An image manifest found for a reference and platform.
 *
 * @param reference      what was asked for
 * @param repoDigest     digest of the document the reference names (the index when there is one): the repo digest
 * @param manifestBytes  the image manifest exactly as served (its digest is {@code manifestDigest})
 * @param manifestDigest digest of {@code manifestBytes}
 * @param mediaType      media type of the image manifest (OCI or Docker schema 2)
 * @param manifest       the parsed image manifest
 * @param endpoint       the endpoint that served it: fetch its blobs from there
 */
public record ResolvedManifest(ImageReference reference, Digest repoDigest, byte[] manifestBytes, Digest manifestDigest,
                               String mediaType, ImageManifest manifest, RegistryEndpoint endpoint) {
    public ResolvedManifest {
        manifestBytes = manifestBytes.clone();
    }

    @Override
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolvedManifest r && r.reference.equals(reference) && r.manifestDigest.equals(manifestDigest)
                && r.repoDigest.equals(repoDigest) && r.endpoint.equals(endpoint);
    }

    @Override
    public int hashCode() {
        return manifestDigest.hashCode();
    }

    @Override
    public String toString() {
        return "ResolvedManifest[" + reference + " " + manifestDigest + " (repo digest " + repoDigest + ") from " + endpoint + "]";
    }
}
