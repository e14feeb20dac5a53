package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One step of an image's history, newest first (Docker's {@code GET /images/{name}/history} item).
 *
 * @param id      the image id on the newest step, {@code <missing>} on the others (as Docker)
 * @param created seconds since the epoch
 * @param tags    the image's names on the newest step, else empty
 * @param size    bytes of the layer the step made; 0 for a step that made none
 */
public record ImageHistoryItem(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Size") long size,
        @JsonProperty("Comment") String comment) {
}
