package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * An image as {@code GET /images/{name}/json} shows it (Docker's shape). {@code config} is the image
 * config's {@code config} object (User, Env, Entrypoint, Cmd, …) as stored; {@code history} its history.
 * {@code manifest} is an embedded image's manifest as loaded (iSulad's inspect of such an image prints it), else null.
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
        @JsonProperty("TopLayer") String topLayer,
        @JsonProperty("Manifest") Map<String, Object> manifest) {

    /** An image without a manifest of its own (every type but embedded). */
    public ImageDetails(String id, List<String> repoTags, List<String> repoDigests, String parent, String comment,
                        String created, String author, Map<String, Object> config, String architecture, String os,
                        long size, RootFs rootFs, List<Map<String, Object>> history, Metadata metadata,
                        String imageType, String topLayer) {
        this(id, repoTags, repoDigests, parent, comment, created, author, config, architecture, os, size, rootFs,
                history, metadata, imageType, topLayer, null);
    }

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
    }

    /** {@code LastTagTime}: when the image was stored or last tagged here (RFC 3339). */
    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {
    }
}
