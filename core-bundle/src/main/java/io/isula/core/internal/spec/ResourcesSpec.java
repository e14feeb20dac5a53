package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.HostConfig;

import java.util.List;

/**
 * The OCI {@code linux.resources} of a container's host settings (cgroup limits and the device allow list), as
 * iSulad adapts them: without {@code --memory-swap} a memory limit gets twice its size as memory+swap when the host
 * accounts swap; {@code --cpus} becomes a quota over a 100 ms period.
 */
public final class ResourcesSpec {
    static final long CPU_PERIOD = 100_000;
    private static final long NANOS_PER_CPU = 1_000_000_000L;

    private final boolean swapAccounting;

    public ResourcesSpec(boolean swapAccounting) {
        this.swapAccounting = swapAccounting;
    }

    /** Fills {@code resources} with the limits of {@code h} (the devices come from {@link #devices}). */
    public void limits(ObjectNode resources, HostConfig h) {
        ObjectNode memory = resources.objectNode();
        if (h.memory() > 0) {
            memory.put("limit", h.memory());
        }
        if (h.memoryReservation() > 0) {
            memory.put("reservation", h.memoryReservation());
        }
        long swap = swap(h.memory(), h.memorySwap());
        if (swap != 0) {
            memory.put("swap", swap);
        }
        if (h.memorySwappiness() != null && h.memorySwappiness() >= 0) {
            memory.put("swappiness", h.memorySwappiness());
        }
        if (Boolean.TRUE.equals(h.oomKillDisable())) {
            memory.put("disableOOMKiller", true);
        }
        if (!memory.isEmpty()) {
            resources.set("memory", memory);
        }
        ObjectNode cpu = resources.objectNode();
        if (h.cpuShares() > 0) {
            cpu.put("shares", h.cpuShares());
        }
        if (h.nanoCpus() > 0) {
            cpu.put("period", CPU_PERIOD);
            cpu.put("quota", h.nanoCpus() * CPU_PERIOD / NANOS_PER_CPU);
        } else {
            if (h.cpuPeriod() > 0) {
                cpu.put("period", h.cpuPeriod());
            }
            if (h.cpuQuota() != 0) {
                cpu.put("quota", h.cpuQuota());
            }
        }
        if (h.cpusetCpus() != null && !h.cpusetCpus().isEmpty()) {
            cpu.put("cpus", h.cpusetCpus());
        }
        if (h.cpusetMems() != null && !h.cpusetMems().isEmpty()) {
            cpu.put("mems", h.cpusetMems());
        }
        if (!cpu.isEmpty()) {
            resources.set("cpu", cpu);
        }
        if (h.pidsLimit() != null && h.pidsLimit() != 0) {
            resources.putObject("pids").put("limit", h.pidsLimit());
        }
        if (h.blkioWeight() > 0) {
            resources.putObject("blockIO").put("weight", h.blkioWeight());
        }
        if (h.hugetlbs() != null && !h.hugetlbs().isEmpty()) {
            ArrayNode huge = resources.putArray("hugepageLimits");
            for (HostConfig.Hugetlb l : h.hugetlbs()) {
                huge.addObject().put("pageSize", l.pageSize()).put("limit", l.limit());
            }
        }
    }

    /** memory+swap: as given, -1 for unlimited, or twice the memory limit when swap is accounted and not given. */
    public long swap(long memory, long memorySwap) {
        if (memorySwap != 0) {
            return memorySwap;
        }
        return memory > 0 && swapAccounting ? memory * 2 : 0;
    }

    /** The device cgroup: everything denied, then Docker's defaults and the given devices; all for a privileged one. */
    public static void devices(ObjectNode resources, boolean privileged, List<DeviceNode> devices) {
        ArrayNode list = resources.putArray("devices");
        if (privileged) {
            list.addObject().put("allow", true).put("access", "rwm");
            return;
        }
        list.addObject().put("allow", false).put("access", "rwm");
        for (int[] d : SpecDefaults.ALLOWED_CHAR_DEVICES) {
            ObjectNode dev = list.addObject().put("allow", true).put("type", "c").put("major", d[0]);
            if (d[1] >= 0) {
                dev.put("minor", d[1]);
            }
            dev.put("access", "rwm");
        }
        for (DeviceNode d : devices) {
            list.addObject().put("allow", true).put("type", d.type()).put("major", d.major()).put("minor", d.minor())
                    .put("access", d.permissions());
        }
    }
}
