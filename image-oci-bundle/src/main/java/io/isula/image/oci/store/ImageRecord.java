package io.isula.image.oci.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.isula.image.oci.model.Digest;

import java.util.List;

/**
 * An image, {@code overlay-images/<id>/images.json}.
 *
 * @param id             hex of the config's sha256 digest (the config blob is {@code blobs/sha256/<id>})
 * @param names          normalized tagged references ({@code docker.io/library/busybox:latest})
 * @param repoDigests    normalized digested references ({@code docker.io/library/busybox@sha256:…})
 * @param created        the config's {@code created}
 * @param loaded         when it was stored or last named here (RFC 3339)
 * @param layers         chain id hexes, bottom first
 * @param size           bytes of all its layers, unpacked
 * @param manifestDigest the manifest it came with (a blob), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
        @JsonProperty("id") String id,
        @JsonProperty("names") List<String> names,
        @JsonProperty("repo-digests") List<String> repoDigests,
        @JsonProperty("created") String created,
        @JsonProperty("loaded") String loaded,
        @JsonProperty("layers") List<String> layers,
        @JsonProperty("size") long size,
        @JsonProperty("manifest-digest") Digest manifestDigest) {

    public ImageRecord {
        StoreIds.requireHexId(id, "image");
        names = names == null ? List.of() : List.copyOf(names);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        layers = layers == null ? List.of() : List.copyOf(layers);
        layers.forEach(l -> StoreIds.requireHexId(l, "layer"));
    }

    @JsonProperty("top-layer")
    public String topLayer() {
        return layers.isEmpty() ? null : layers.get(layers.size() - 1);
    }

    public Digest configDigest() {
        return new Digest("sha256", id);
    }

    /** Tags and digests: every reference naming this image. */
    public List<String> references() {
        return java.util.stream.Stream.concat(names.stream(), repoDigests.stream()).toList();
    }

    public ImageRecord withReferences(List<String> newNames, List<String> newRepoDigests, String newLoaded) {
        return new ImageRecord(id, newNames, newRepoDigests, created, newLoaded, layers, size, manifestDigest);
    }
}
