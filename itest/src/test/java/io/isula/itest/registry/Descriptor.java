package io.isula.itest.registry;

import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about a blob. {@code platform} only in an index. */
public record Descriptor(String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {
    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, String digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, p, annotations);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, platform, a);
    }

    /** The hex part of {@code sha256:HEX}. */
    public String hex() {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
