package io.isula.core.api;

/**
 * One reading of a container's resource counters (see {@code stats}); a CPU percentage comes from two readings:
 * {@code Δ cpuUsageNanos / Δ systemCpuNanos × onlineCpus × 100}.
 *
 * @param readAt            RFC 3339 time of the reading
 * @param cpuUsageNanos     CPU time the container used
 * @param systemCpuNanos    CPU time of the whole host since boot
 * @param memoryUsage       memory in use, page cache included
 * @param memoryLimit       its limit (the host's memory when unlimited)
 * @param inactiveFile      inactive file cache: {@code memoryUsage - inactiveFile} is the working set
 * @param blkioRead         bytes read from block devices
 * @param blkioWrite        bytes written
 * @param pids              processes now
 */
public record ContainerStats(String id, String name, String status, String readAt, long cpuUsageNanos,
                             long cpuKernelNanos, long cpuUserNanos, long systemCpuNanos, int onlineCpus,
                             long memoryUsage, long memoryMaxUsage, long memoryLimit, long memoryCache,
                             long inactiveFile, long kernelMemoryUsage, long blkioRead, long blkioWrite, long pids,
                             long pidsLimit) {
    /** What iSulad shows as memory used: usage without the inactive file cache. */
    public long workingSet() {
        return inactiveFile > 0 && inactiveFile < memoryUsage ? memoryUsage - inactiveFile : memoryUsage;
    }
}
