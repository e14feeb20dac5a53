package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A container's state as inspected, Docker's {@code State} keys; times are RFC 3339, zero time when unset. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        @JsonProperty("Status") ContainerStatus status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("Health") @JsonInclude(JsonInclude.Include.NON_NULL) HealthState health) {

    /** A state without a health check. */
    public ContainerState(ContainerStatus status, boolean running, boolean paused, boolean restarting,
                          boolean oomKilled, boolean dead, int pid, int exitCode, String error, String startedAt,
                          String finishedAt) {
        this(status, running, paused, restarting, oomKilled, dead, pid, exitCode, error, startedAt, finishedAt, null);
    }
}
