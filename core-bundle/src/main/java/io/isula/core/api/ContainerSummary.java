package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One row of a container listing: Docker's {@code GET /containers/json} item, plus the iSulad {@code ps}
 * fields Docker lacks (Pid, ExitCode, RestartCount, StartedAt, FinishedAt, Runtime).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("State") ContainerStatus state,
        @JsonProperty("Status") String status,
        @JsonProperty("Ports") List<Object> ports,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("Runtime") String runtime) {

    /** The name without Docker's leading slash. */
    public String name() {
        if (names == null || names.isEmpty()) {
            return "";
        }
        String n = names.get(0);
        return n.startsWith("/") ? n.substring(1) : n;
    }
}
