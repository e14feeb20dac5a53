package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code update} changes on a container, Docker's {@code POST /containers/{id}/update} body. A number left at 0
 * (a null {@code PidsLimit}, a null {@code RestartPolicy}) keeps the current value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerUpdate(
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("KernelMemory") long kernelMemory,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("RestartPolicy") HostConfig.RestartPolicy restartPolicy) {
}
