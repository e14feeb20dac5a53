package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * An image as {@code GET /images/{name}/json} shows it (Docker's shape). {@code config} is the image
 * config's {@code config} object (User, Env, Entrypoint, Cmd, …) as stored; {@code history} its history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDetails(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") String created,
        @JsonProperty("Author") String author,
        @JsonProperty("Config") Map<String, Object> config,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("Os") String os,
        @JsonProperty("Size") long size,
        @JsonProperty("RootFS") RootFs rootFs,
        @JsonProperty("History") List<Map<String, Object>> history,
        @JsonProperty("Metadata") Metadata metadata,
        @JsonProperty("ImageType") String imageType,
        @JsonProperty("TopLayer") String topLayer) {

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
    }

    /** {@code LastTagTime}: when the image was stored or last tagged here (RFC 3339). */
    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {
    }
}
