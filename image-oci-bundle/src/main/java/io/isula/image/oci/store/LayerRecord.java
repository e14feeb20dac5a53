package io.isula.image.oci.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.isula.image.oci.model.Digest;

import java.util.ArrayList;
import java.util.List;

/**
 * An unpacked layer, {@code overlay-layers/<id>/layer.json}.
 *
 * @param id                the chain id's hex
 * @param parent            the parent layer's id, null for a base layer
 * @param diffId            digest of the layer's uncompressed tar
 * @param compressedDigests digests of the blobs this layer was unpacked from
 * @param size              bytes of content unpacked
 * @param link              the name of its short link in {@code overlay/l}
 * @param created           when it was unpacked (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LayerRecord(
        @JsonProperty("id") String id,
        @JsonProperty("parent") String parent,
        @JsonProperty("diff-digest") Digest diffId,
        @JsonProperty("compressed-diff-digests") List<Digest> compressedDigests,
        @JsonProperty("diff-size") long size,
        @JsonProperty("link") String link,
        @JsonProperty("created") String created) {

    public LayerRecord {
        StoreIds.requireHexId(id, "layer");
        if (parent != null) {
            StoreIds.requireHexId(parent, "parent layer");
        }
        if (diffId == null) {
            throw new IllegalArgumentException("layer " + id + " has no diff digest");
        }
        StoreIds.requireLinkName(link);
        compressedDigests = compressedDigests == null ? List.of() : List.copyOf(compressedDigests);
    }

    public LayerRecord withCompressedDigest(Digest digest) {
        if (digest == null || compressedDigests.contains(digest)) {
            return this;
        }
        List<Digest> more = new ArrayList<>(compressedDigests);
        more.add(digest);
        return new LayerRecord(id, parent, diffId, more, size, link, created);
    }
}
