package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code State.Health}: starting, healthy or unhealthy, the failures in a row, and the last probes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthState(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<Probe> log) {

    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    /** One probe: RFC 3339 start and end, its exit code (-1: it could not run or timed out) and output. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Probe(@JsonProperty("Start") String start, @JsonProperty("End") String end,
                        @JsonProperty("ExitCode") int exitCode, @JsonProperty("Output") String output) {
    }
}
