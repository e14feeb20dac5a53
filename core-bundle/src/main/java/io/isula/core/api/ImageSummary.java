package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One image in a listing (Docker's {@code GET /images/json} item).
 *
 * @param id          {@code sha256:<hex>} of the image config
 * @param created     seconds since the epoch
 * @param size        bytes of all its layers, unpacked
 * @param imageType   the image type holding it ({@code oci}, {@code embedded})
 */
public record ImageSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("ParentId") String parentId,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Created") long created,
        @JsonProperty("Size") long size,
        @JsonProperty("SharedSize") long sharedSize,
        @JsonProperty("VirtualSize") long virtualSize,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ImageType") String imageType) {
}
