package io.isula.server.routes;

import io.isula.core.api.ContainerStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A reading in Docker's stats JSON (cgroup v1 shape), with the previous reading as {@code precpu_stats}. */
final class DockerStats {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private DockerStats() {
    }

    static Map<String, Object> of(ContainerStats now, ContainerStats before) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", now.readAt());
        m.put("preread", before == null ? ZERO_TIME : before.readAt());
        m.put("pids_stats", pids(now));
        m.put("blkio_stats", Map.of("io_service_bytes_recursive", List.of(
                io("read", now.blkioRead()), io("write", now.blkioWrite()),
                io("sync", 0), io("async", now.blkioRead() + now.blkioWrite()),
                io("total", now.blkioRead() + now.blkioWrite()))));
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", cpu(now));
        m.put("precpu_stats", before == null ? Map.of("cpu_usage", Map.of("total_usage", 0), "throttling_data", Map.of())
                : cpu(before));
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("usage", now.memoryUsage());
        mem.put("max_usage", now.memoryMaxUsage());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cache", now.memoryCache());
        detail.put("total_cache", now.memoryCache());
        detail.put("inactive_file", now.inactiveFile());
        detail.put("total_inactive_file", now.inactiveFile());
        detail.put("kernel_usage", now.kernelMemoryUsage());
        mem.put("stats", detail);
        mem.put("limit", now.memoryLimit());
        m.put("memory_stats", mem);
        m.put("name", "/" + now.name());
        m.put("id", now.id());
        return m;
    }

    private static Map<String, Object> pids(ContainerStats s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("current", s.pids());
        if (s.pidsLimit() > 0) {
            p.put("limit", s.pidsLimit());
        }
        return p;
    }

    private static Map<String, Object> io(String op, long value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("major", 0);
        e.put("minor", 0);
        e.put("op", op);
        e.put("value", value);
        return e;
    }

    private static Map<String, Object> cpu(ContainerStats s) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", s.cpuUsageNanos());
        usage.put("usage_in_kernelmode", s.cpuKernelNanos());
        usage.put("usage_in_usermode", s.cpuUserNanos());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cpu_usage", usage);
        c.put("system_cpu_usage", s.systemCpuNanos());
        c.put("online_cpus", s.onlineCpus());
        c.put("throttling_data", Map.of("periods", 0, "throttled_periods", 0, "throttled_time", 0));
        return c;
    }
}
