package io.isula.runtime.lxc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.spi.ResourceUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits on a host with the unified cgroup v2 hierarchy: lxc.cgroup2 keys, update items, the container's pids. */
class CgroupV2Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final OciToLxc.Paths PATHS = new OciToLxc.Paths(Path.of("/s/seccomp"), Path.of("/s"), Path.of("/b"));
    private final OciToLxc translator = new OciToLxc(p -> false, true);

    @TempDir
    Path tmp;

    @Test
    void theKernelsLimitsBecomeCgroup2Keys() throws Exception {
        LxcConfig c = translator.translate(ID, OciToLxcTest.spec(), PATHS).config();
        assertEquals(List.of("a"), c.values("lxc.cgroup2.devices.deny"));
        assertEquals(List.of("c 1:3 rwm", "c 136:* rwm"), c.values("lxc.cgroup2.devices.allow"));
        assertEquals("67108864", c.value("lxc.cgroup2.memory.max"));
        // OCI's swap is memory and swap together; v2's is the swap alone
        assertEquals("67108864", c.value("lxc.cgroup2.memory.swap.max"));
        assertEquals("20", c.value("lxc.cgroup2.cpu.weight"));
        assertEquals("50000 100000", c.value("lxc.cgroup2.cpu.max"));
        assertEquals("0", c.value("lxc.cgroup2.cpuset.cpus"));
        assertEquals("100", c.value("lxc.cgroup2.pids.max"));
        assertEquals("default 2930", c.value("lxc.cgroup2.io.weight"));
        assertTrue(c.values("lxc.cgroup.memory.limit_in_bytes").isEmpty(), c.render());
        assertEquals("isulad/" + ID, c.value("lxc.cgroup.dir.container"));
    }

    @Test
    void unifiedFilesThrottlesAndHugePagesPassThrough() throws Exception {
        ObjectNode spec = OciToLxcTest.spec();
        ObjectNode resources = (ObjectNode) spec.at("/linux/resources");
        resources.set("unified", JSON.readTree("{\"memory.high\":\"50000000\",\"pids.max\":\"7\"}"));
        resources.set("blockIO", JSON.readTree("""
                {"throttleReadBpsDevice":[{"major":8,"minor":0,"rate":1048576}],
                 "throttleWriteIOPSDevice":[{"major":8,"minor":0,"rate":100}],
                 "weightDevice":[{"major":8,"minor":16,"weight":1000}]}"""));
        resources.set("hugepageLimits", JSON.readTree("[{\"pageSize\":\"2MB\",\"limit\":4194304}]"));
        ((ObjectNode) resources.get("cpu")).remove("quota");
        LxcConfig c = translator.translate(ID, spec, PATHS).config();
        assertEquals("50000000", c.value("lxc.cgroup2.memory.high"));
        assertEquals(List.of("100", "7"), c.values("lxc.cgroup2.pids.max"));
        assertEquals(List.of("8:0 rbps=1048576", "8:0 wiops=100"), c.values("lxc.cgroup2.io.max"));
        assertEquals("8:16 10000", c.value("lxc.cgroup2.io.weight"));
        assertEquals("4194304", c.value("lxc.cgroup2.hugetlb.2MB.max"));
        assertEquals("max 100000", c.value("lxc.cgroup2.cpu.max"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/linux/resources/memory|{\"limit\":1000,\"kernel\":500}|linux.resources.memory.kernel",
            "/linux/resources/memory|{\"limit\":1000,\"swappiness\":10}|linux.resources.memory.swappiness",
            "/linux/resources/memory|{\"disableOOMKiller\":true}|linux.resources.memory.disableOOMKiller",
            "/linux/resources/memory|{\"swap\":2000}|linux.resources.memory.swap",
            "/linux/resources/memory|{\"limit\":3000,\"swap\":2000}|linux.resources.memory.swap",
            "/linux/resources/cpu|{\"realtimeRuntime\":1000}|linux.resources.cpu.realtimeRuntime",
            "/linux/resources/blockIO|{\"leafWeight\":100}|linux.resources.blockIO.leafWeight",
            "/linux/resources/unified|{\"../escape\":\"1\"}|linux.resources.unified"})
    void aLimitV2CannotExpressFailsNamingIt(String pointer, String value, String named) throws Exception {
        ObjectNode spec = OciToLxcTest.spec();
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) spec.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1), JSON.readTree(value));
        UnsupportedOption e = assertThrows(UnsupportedOption.class, () -> translator.translate(ID, spec, PATHS));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void conversionsMatchRuncs() {
        assertEquals(1, CgroupRules.cpuWeight(2));
        assertEquals(39, CgroupRules.cpuWeight(1024));
        assertEquals(10000, CgroupRules.cpuWeight(262144));
        assertEquals(1, CgroupRules.ioWeight(10));
        assertEquals(10000, CgroupRules.ioWeight(1000));
        assertEquals("max 100000", CgroupRules.cpuMax(-1, 0));
        assertEquals("max", CgroupRules.swapMax(1000, -1));
    }

    @Test
    void updateSetsV2FilesAndKeepsWhatItDoesNotChange() {
        Map<String, String> now = Map.of("cpu.max", "25000 50000", "memory.max", "1048576");
        ResourceUpdate r = new ResourceUpdate(null, 3_145_728L, 524_288L, 2048L, null, 75_000L, "0-1", null, 500, 0L);
        List<CgroupUpdate.Item> items = CgroupUpdate.v2(r, f -> Optional.ofNullable(now.get(f)));
        assertEquals(List.of(
                new CgroupUpdate.Item("memory.swap.max", "2097152"),
                new CgroupUpdate.Item("memory.low", "524288"),
                new CgroupUpdate.Item("cpu.weight", "79"),
                new CgroupUpdate.Item("cpu.max", "75000 50000"),
                new CgroupUpdate.Item("cpuset.cpus", "0-1"),
                new CgroupUpdate.Item("io.weight", "default 4950"),
                new CgroupUpdate.Item("pids.max", "max")), items);
        ResourceUpdate memoryOnly = new ResourceUpdate(-1L, null, null, null, null, null, null, null, null, null);
        assertEquals(List.of(new CgroupUpdate.Item("memory.max", "max")),
                CgroupUpdate.v2(memoryOnly, f -> Optional.empty()));
    }

    @Test
    void updateOnV1GrowsTheSwapLimitBeforeTheMemoryItBounds() {
        ResourceUpdate grow = new ResourceUpdate(200L, 400L, null, null, null, null, null, null, null, null);
        assertEquals(List.of(new CgroupUpdate.Item("memory.memsw.limit_in_bytes", "400"),
                        new CgroupUpdate.Item("memory.limit_in_bytes", "200")),
                CgroupUpdate.v1(grow, f -> Optional.of("300")));
        assertEquals(List.of(new CgroupUpdate.Item("memory.limit_in_bytes", "200"),
                        new CgroupUpdate.Item("memory.memsw.limit_in_bytes", "400")),
                CgroupUpdate.v1(grow, f -> Optional.of("500")));
    }

    @Test
    void theContainersPidsComeFromItsUnifiedCgroup() throws Exception {
        Path proc = tmp.resolve("proc");
        Path root = tmp.resolve("cgroup");
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/cgroup"), "0::/isulad/" + ID + "\n");
        Files.createDirectories(root.resolve("isulad/" + ID));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(root.resolve("isulad/" + ID + "/cgroup.procs"), "42\n57\n");
        LcrCgroups cgroups = new LcrCgroups(proc, root);
        assertTrue(cgroups.unified());
        assertEquals(List.of(42, 57), cgroups.pids(42));

        Files.createDirectories(root.resolve("isulad/" + ID + ".lcr-monitor"));
        Files.createDirectories(root.resolve("other/isulad/" + ID + ".lcr-monitor"));
        cgroups.removeEmpty(List.of("isulad/" + ID + ".lcr-monitor"));
        assertFalse(Files.exists(root.resolve("isulad/" + ID + ".lcr-monitor")));
        assertTrue(Files.exists(root.resolve("other/isulad/" + ID + ".lcr-monitor")), "only the v2 root is looked at");
    }
}
