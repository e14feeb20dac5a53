package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** A local volume, Docker's {@code GET /volumes} item: data in {@code <graph>/volumes/<name>/_data}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Volume(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Labels") Map<String, String> labels) {
}
