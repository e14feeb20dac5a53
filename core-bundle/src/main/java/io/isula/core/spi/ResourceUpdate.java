package io.isula.core.spi;

/**
 * cgroup limits to change on a running container ({@code runc update}); a null field stays as it is. Units as in
 * the OCI spec: bytes, CPU shares, microseconds; {@code memorySwap} is memory plus swap, -1 for unlimited.
 */
public record ResourceUpdate(Long memory, Long memorySwap, Long memoryReservation, Long cpuShares, Long cpuPeriod,
                             Long cpuQuota, String cpusetCpus, String cpusetMems, Integer blkioWeight, Long pidsLimit) {
}
