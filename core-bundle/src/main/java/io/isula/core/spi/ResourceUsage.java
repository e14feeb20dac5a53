package io.isula.core.spi;

import java.time.Instant;

/**
 * A container's resource counters as its cgroups hold them at {@code readAt} (counters that are not available are
 * 0; a limit that is not set is 0).
 *
 * @param cpuUsageNanos      CPU time used by the container, in ns
 * @param cpuKernelNanos     of which in kernel mode
 * @param cpuUserNanos       of which in user mode
 * @param systemCpuNanos     CPU time of the whole host since boot, in ns (for a percentage between two readings)
 * @param onlineCpus         CPUs the host has online
 * @param memoryUsage        memory in use, page cache included
 * @param memoryMaxUsage     the highest memory use seen
 * @param memoryLimit        the memory limit (the host's memory when unlimited)
 * @param memoryCache        page cache
 * @param inactiveFile       inactive file-backed memory (the part the kernel can drop first)
 * @param kernelMemoryUsage  kernel memory
 * @param blkioRead          bytes read from block devices
 * @param blkioWrite         bytes written to block devices
 * @param pids               processes now
 * @param pidsLimit          the pids limit (0: none)
 */
public record ResourceUsage(Instant readAt, long cpuUsageNanos, long cpuKernelNanos, long cpuUserNanos,
                            long systemCpuNanos, int onlineCpus, long memoryUsage, long memoryMaxUsage,
                            long memoryLimit, long memoryCache, long inactiveFile, long kernelMemoryUsage,
                            long blkioRead, long blkioWrite, long pids, long pidsLimit) {
}
