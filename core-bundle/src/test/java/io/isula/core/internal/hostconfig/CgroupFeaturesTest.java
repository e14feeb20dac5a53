package io.isula.core.internal.hostconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgroupFeaturesTest {
    @Test
    void readsAVersionOneHierarchy(@TempDir Path root) throws IOException {
        Path cg = root.resolve("cgroup");
        touch(cg.resolve("memory/memory.limit_in_bytes"));
        touch(cg.resolve("memory/memory.memsw.limit_in_bytes"));
        touch(cg.resolve("cpu/cpu.shares"));
        touch(cg.resolve("cpu/cpu.cfs_quota_us"));
        touch(cg.resolve("cpu/cpu.cfs_period_us"));
        Files.createDirectories(cg.resolve("pids"));
        Files.createDirectories(cg.resolve("cpuset"));
        Files.writeString(cg.resolve("cpuset/cpuset.cpus"), "0-3\n");
        Files.createDirectories(root.resolve("huge/hugepages-2048kB"));
        Files.createDirectories(root.resolve("huge/hugepages-1048576kB"));
        CgroupFeatures f = CgroupFeatures.read(cg, root.resolve("huge"), 4);
        assertEquals(1, f.version());
        assertTrue(f.memoryLimit() && f.swap() && f.pids() && f.cpuShares() && f.cfsQuota() && f.cpuset());
        assertFalse(f.blkioWeight());
        assertFalse(f.hugetlb());
        assertFalse(f.swappiness());
        assertEquals("0-3", f.cpusetCpus());
        assertEquals(List.of("1GB", "2MB"), f.hugePageSizes());
    }

    @Test
    void readsAVersionTwoHierarchy(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        CgroupFeatures f = CgroupFeatures.read(root, root.resolve("none"), 2);
        assertEquals(2, f.version());
        assertTrue(f.memoryLimit() && f.pids() && f.blkioWeight());
        assertFalse(f.hugetlb());
        assertEquals("0-1", f.cpusetCpus());
    }

    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "0\n");
    }
}
