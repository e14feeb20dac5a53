package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Host-side settings of a container, with Docker's {@code HostConfig} keys (plus iSulad's {@code ExternalRootfs}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("ExternalRootfs") String externalRootfs,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {

    public static HostConfig empty() { return new HostConfig(null, false, null, null, null); }

    public HostConfig withRuntime(String name) {
        return new HostConfig(name, autoRemove, externalRootfs, networkMode, restartPolicy);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(@JsonProperty("Name") String name,
                                @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    }
}
