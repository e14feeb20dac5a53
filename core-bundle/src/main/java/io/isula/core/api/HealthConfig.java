package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A container's health check, Docker's {@code Config.Healthcheck} plus iSulad's {@code ExitOnUnhealthy}. Durations are
 * nanoseconds, 0 meaning the default. {@code Test}: {@code ["NONE"]} disables a check, {@code ["CMD", args...]} runs
 * the arguments, {@code ["CMD-SHELL", command]} runs the command with {@code /bin/sh -c}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthConfig(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") long interval,
        @JsonProperty("Timeout") long timeout,
        @JsonProperty("StartPeriod") long startPeriod,
        @JsonProperty("Retries") int retries,
        @JsonProperty("ExitOnUnhealthy") boolean exitOnUnhealthy) {

    /** Whether this check runs anything (not absent, not NONE). */
    public boolean active() {
        return test != null && !test.isEmpty() && !"NONE".equals(test.get(0));
    }
}
