package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An exec session as Docker's {@code GET /exec/{id}/json} shows it; {@code exitCode} is null while it runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecDetails(
        @JsonProperty("ID") String id,
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("Running") boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("Pid") int pid,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("OpenStdout") boolean openStdout,
        @JsonProperty("OpenStderr") boolean openStderr,
        @JsonProperty("CanRemove") boolean canRemove,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("ProcessConfig") ProcessConfig processConfig) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProcessConfig(
            @JsonProperty("tty") boolean tty,
            @JsonProperty("entrypoint") String entrypoint,
            @JsonProperty("arguments") List<String> arguments,
            @JsonProperty("privileged") boolean privileged,
            @JsonProperty("user") String user) {
    }
}
