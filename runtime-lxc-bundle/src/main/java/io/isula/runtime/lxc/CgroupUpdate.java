package io.isula.runtime.lxc;

import io.isula.core.spi.ResourceUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code isula update} as the cgroup items liblxc sets on a running container, in the order they must be set, for a
 * v1 host or a v2 one. {@code current} reads an item's value now (a v1 memory-and-swap limit must grow before the
 * memory limit it bounds; a v2 {@code cpu.max} takes quota and period together).
 */
final class CgroupUpdate {
    /** One cgroup file and what to write to it. */
    record Item(String file, String value) {
    }

    private CgroupUpdate() {
    }

    static List<Item> v1(ResourceUpdate r, Function<String, Optional<String>> current) {
        List<Item> items = new ArrayList<>();
        boolean swapFirst = r.memorySwap() != null && r.memory() != null && r.memorySwap() > 0
                && r.memorySwap() > number(current.apply("memory.memsw.limit_in_bytes")).orElse(Long.MAX_VALUE);
        if (swapFirst) {
            add(items, "memory.memsw.limit_in_bytes", r.memorySwap());
        }
        add(items, "memory.limit_in_bytes", r.memory());
        if (!swapFirst) {
            add(items, "memory.memsw.limit_in_bytes", r.memorySwap());
        }
        add(items, "memory.soft_limit_in_bytes", r.memoryReservation());
        add(items, "cpu.shares", r.cpuShares());
        add(items, "cpu.cfs_period_us", r.cpuPeriod());
        add(items, "cpu.cfs_quota_us", r.cpuQuota());
        add(items, "cpuset.cpus", r.cpusetCpus());
        add(items, "cpuset.mems", r.cpusetMems());
        add(items, "blkio.weight", r.blkioWeight());
        if (r.pidsLimit() != null) {
            add(items, "pids.max", r.pidsLimit() > 0 ? r.pidsLimit().toString() : "max");
        }
        return items;
    }

    static List<Item> v2(ResourceUpdate r, Function<String, Optional<String>> current) {
        List<Item> items = new ArrayList<>();
        if (r.memory() != null) {
            add(items, "memory.max", r.memory() > 0 ? r.memory().toString() : "max");
        }
        if (r.memorySwap() != null) {
            long memory = r.memory() != null ? r.memory() : number(current.apply("memory.max")).orElse(0L);
            add(items, "memory.swap.max", CgroupRules.swapMax(memory, r.memorySwap()));
        }
        add(items, "memory.low", r.memoryReservation());
        if (r.cpuShares() != null && r.cpuShares() > 0) {
            add(items, "cpu.weight", CgroupRules.cpuWeight(r.cpuShares()));
        }
        if (r.cpuQuota() != null || r.cpuPeriod() != null) {
            String[] now = current.apply("cpu.max").orElse("max 0").strip().split("\\s+");
            long quota = r.cpuQuota() != null ? r.cpuQuota() : number(Optional.of(now[0])).orElse(-1L);
            long period = r.cpuPeriod() != null ? r.cpuPeriod()
                    : number(Optional.of(now.length > 1 ? now[1] : "0")).orElse(0L);
            add(items, "cpu.max", CgroupRules.cpuMax(quota, period));
        }
        add(items, "cpuset.cpus", r.cpusetCpus());
        add(items, "cpuset.mems", r.cpusetMems());
        if (r.blkioWeight() != null && r.blkioWeight() > 0) {
            add(items, "io.weight", "default " + CgroupRules.ioWeight(r.blkioWeight()));
        }
        if (r.pidsLimit() != null) {
            add(items, "pids.max", r.pidsLimit() > 0 ? r.pidsLimit().toString() : "max");
        }
        return items;
    }

    private static void add(List<Item> items, String file, Object value) {
        if (value != null) {
            items.add(new Item(file, value.toString()));
        }
    }

    private static Optional<Long> number(Optional<String> value) {
        try {
            return value.map(String::strip).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
