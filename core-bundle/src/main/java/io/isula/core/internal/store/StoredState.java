package io.isula.core.internal.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.HealthState;

/** The {@code State} object of config.v2.json (iSulad's keys, plus the explicit status). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredState(
        @JsonProperty("Status") String status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("Starting") boolean starting,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("HasBeenManuallyStopped") boolean manuallyStopped,
        @JsonProperty("RemovalInprogress") boolean removalInProgress,
        @JsonProperty("Health") HealthState health) {

    public ContainerStatus containerStatus() {
        return ContainerStatus.of(status);
    }
}
