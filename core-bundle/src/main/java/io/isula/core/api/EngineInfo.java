package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The daemon's {@code info}: Docker's {@code GET /info} keys plus the live image types ({@code ImageTypes}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineInfo(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int running,
        @JsonProperty("ContainersPaused") int paused,
        @JsonProperty("ContainersStopped") int stopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("NCPU") int cpus,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("Name") String name,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("DockerRootDir") String rootDir,
        @JsonProperty("HttpProxy") String httpProxy,
        @JsonProperty("HttpsProxy") String httpsProxy,
        @JsonProperty("NoProxy") String noProxy,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Runtimes") Map<String, RuntimeEntry> runtimes,
        @JsonProperty("ImageTypes") List<String> imageTypes) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuntimeEntry(@JsonProperty("path") String path) {
    }
}
