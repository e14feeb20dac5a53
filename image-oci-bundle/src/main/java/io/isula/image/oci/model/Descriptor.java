package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** A reference to content by digest and size (OCI image spec, "Content Descriptors"). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform) {

    public Descriptor {
        if (digest == null) {
            throw new IllegalArgumentException("descriptor without a digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + " has a negative size");
        }
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }
}
