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
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("LogConfig") LogConfig logConfig) {

    public HostConfig(String runtime, boolean autoRemove, String externalRootfs, String networkMode,
                      RestartPolicy restartPolicy) {
        this(runtime, autoRemove, externalRootfs, networkMode, restartPolicy, null);
    }

    public static HostConfig empty() { return new HostConfig(null, false, null, null, null); }

    public HostConfig withRuntime(String name) {
        return new HostConfig(name, autoRemove, externalRootfs, networkMode, restartPolicy, logConfig);
    }

    public HostConfig withLogConfig(LogConfig log) {
        return new HostConfig(runtime, autoRemove, externalRootfs, networkMode, restartPolicy, log);
    }

    /**
     * Docker's {@code LogConfig}: the driver ({@code json-file}; empty means the daemon's default) and its options
     * ({@code max-size}, {@code max-file}, {@code disable-log}, as iSulad's {@code --log-opt}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") java.util.Map<String, String> config) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(@JsonProperty("Name") String name,
                                @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    }
}
