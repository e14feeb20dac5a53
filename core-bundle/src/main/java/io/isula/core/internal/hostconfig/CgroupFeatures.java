package io.isula.core.internal.hostconfig;

import io.isula.core.util.ByteSizes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the host's cgroups can limit (iSulad's {@code sysinfo}), read once from {@code /sys/fs/cgroup}: v1 controllers
 * each in their own hierarchy, or the v2 unified hierarchy when {@code cgroup.controllers} sits at the root.
 *
 * @param hugePageSizes the sizes in {@code /sys/kernel/mm/hugepages}, as "2MB", "1GB"
 * @param cpusetCpus    the CPUs containers may use, as a list ("0-3")
 * @param cpusetMems    the memory nodes containers may use
 */
public record CgroupFeatures(
        int version,
        boolean memoryLimit,
        boolean swap,
        boolean swappiness,
        boolean reservation,
        boolean kernelMemory,
        boolean oomKillDisable,
        boolean pids,
        boolean cpuShares,
        boolean cfsPeriod,
        boolean cfsQuota,
        boolean cpuset,
        boolean blkioWeight,
        boolean hugetlb,
        List<String> hugePageSizes,
        String cpusetCpus,
        String cpusetMems,
        int cpus) {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    public static CgroupFeatures read() {
        return read(ROOT, Path.of("/sys/kernel/mm/hugepages"), Runtime.getRuntime().availableProcessors());
    }

    static CgroupFeatures read(Path root, Path hugepages, int cpus) {
        List<String> sizes = hugePageSizes(hugepages);
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            Set<String> c = Set.of(firstLine(root.resolve("cgroup.controllers"), "").split("\\s+"));
            boolean memory = c.contains("memory");
            boolean cpu = c.contains("cpu");
            boolean cpuset = c.contains("cpuset");
            return new CgroupFeatures(2, memory, memory, false, memory, false, false, c.contains("pids"), cpu, cpu, cpu, cpuset,
                    c.contains("io"), c.contains("hugetlb"), sizes,
                    firstLine(root.resolve("cpuset.cpus.effective"), "0-" + (cpus - 1)),
                    firstLine(root.resolve("cpuset.mems.effective"), "0"), cpus);
        }
        Path mem = root.resolve("memory");
        Path cpu = root.resolve("cpu");
        Path blkio = root.resolve("blkio");
        Path cpuset = root.resolve("cpuset");
        return new CgroupFeatures(1,
                Files.exists(mem.resolve("memory.limit_in_bytes")),
                Files.exists(mem.resolve("memory.memsw.limit_in_bytes")),
                Files.exists(mem.resolve("memory.swappiness")),
                Files.exists(mem.resolve("memory.soft_limit_in_bytes")),
                Files.exists(mem.resolve("memory.kmem.limit_in_bytes")),
                Files.exists(mem.resolve("memory.oom_control")),
                Files.isDirectory(root.resolve("pids")),
                Files.exists(cpu.resolve("cpu.shares")),
                Files.exists(cpu.resolve("cpu.cfs_period_us")),
                Files.exists(cpu.resolve("cpu.cfs_quota_us")),
                Files.exists(cpuset.resolve("cpuset.cpus")),
                Files.exists(blkio.resolve("blkio.weight")) || Files.exists(blkio.resolve("blkio.bfq.weight")),
                Files.isDirectory(root.resolve("hugetlb")),
                sizes,
                firstLine(cpuset.resolve("cpuset.cpus"), "0-" + (cpus - 1)),
                firstLine(cpuset.resolve("cpuset.mems"), "0"),
                cpus);
    }

    /** "hugepages-2048kB" becomes "2MB", "hugepages-1048576kB" becomes "1GB". */
    private static List<String> hugePageSizes(Path dir) {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hugepages-") && n.endsWith("kB"))
                    .sorted().forEach(n -> {
                        long kb = Long.parseLong(n.substring("hugepages-".length(), n.length() - 2));
                        out.add(ByteSizes.pageSizeName(kb * 1024));
                    });
        } catch (IOException | NumberFormatException e) {
            // no huge pages
        }
        return out;
    }

    private static String firstLine(Path file, String fallback) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? fallback : s;
        } catch (IOException e) {
            return fallback;
        }
    }
}
