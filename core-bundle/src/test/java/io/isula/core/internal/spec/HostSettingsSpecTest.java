package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.HostConfig;
import io.isula.core.internal.security.Capabilities;
import io.isula.core.internal.volume.PlannedMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OCI spec of containers with host settings: resources, read-only root, mounts, devices, security, hooks. */
class HostSettingsSpecTest {
    private final ObjectMapper json = new ObjectMapper();
    private final OciSpecFactory factory = new OciSpecFactory(json, new ResourcesSpec(true));

    private ObjectNode spec(Path rootfs, HostConfig h, ContainerSecurity security, List<PlannedMount> mounts,
                            List<DeviceNode> devices, ObjectNode hooks) {
        return factory.create(new SpecInput("abc", rootfs, false, List.of("sh"), List.of("PATH=/bin"), "/",
                UserSpec.root(), "h", false, Path.of("/bundle"), "/isulad", h, security, mounts, devices, hooks));
    }

    private ObjectNode spec(Path rootfs, HostConfig h) {
        return spec(rootfs, h, ContainerSecurity.defaults(), List.of(), List.of(), null);
    }

    @Test
    void resourcesBecomeCgroupLimits(@TempDir Path rootfs) {
        HostConfig h = HostConfig.builder().memory(32L << 20).memoryReservation(16L << 20).memorySwappiness(10L)
                .oomKillDisable(true).cpuShares(512).nanoCpus(500_000_000L).cpusetCpus("0").pidsLimit(10L)
                .oomScoreAdj(300).cgroupParent("/mine/").build();
        JsonNode linux = spec(rootfs, h).get("linux");
        JsonNode res = linux.get("resources");
        assertEquals(32L << 20, res.get("memory").get("limit").asLong());
        assertEquals(64L << 20, res.get("memory").get("swap").asLong(), "twice the memory when swap is accounted");
        assertEquals(16L << 20, res.get("memory").get("reservation").asLong());
        assertEquals(10, res.get("memory").get("swappiness").asInt());
        assertTrue(res.get("memory").get("disableOOMKiller").asBoolean());
        assertEquals(512, res.get("cpu").get("shares").asInt());
        assertEquals(100_000, res.get("cpu").get("period").asInt());
        assertEquals(50_000, res.get("cpu").get("quota").asInt());
        assertEquals("0", res.get("cpu").get("cpus").asText());
        assertEquals(10, res.get("pids").get("limit").asInt());
        assertEquals("/mine/abc", linux.get("cgroupsPath").asText());
        assertEquals(300, spec(rootfs, h).get("process").get("oomScoreAdj").asInt());
        assertFalse(spec(rootfs, HostConfig.empty()).get("linux").get("resources").has("memory"));
        assertEquals(-1, spec(rootfs, HostConfig.builder().memory(32L << 20).memorySwap(-1).build())
                .get("linux").get("resources").get("memory").get("swap").asLong());
        assertFalse(new OciSpecFactory(json, new ResourcesSpec(false)).create(new SpecInput("abc", rootfs, false,
                List.of("sh"), List.of(), "/", UserSpec.root(), "h", false, Path.of("/b"), "/isulad",
                HostConfig.builder().memory(32L << 20).build(), ContainerSecurity.defaults(), List.of(), List.of(),
                null)).get("linux").get("resources").get("memory").has("swap"), "no swap accounting, no swap limit");
    }

    @Test
    void readOnlyRootShmSizeUlimitsSysctls(@TempDir Path rootfs) {
        HostConfig h = HostConfig.builder().readonlyRootfs(true).shmSize(1L << 20)
                .ulimits(List.of(new HostConfig.Ulimit("nofile", 1024, 2048), new HostConfig.Ulimit("core", -1, -1)))
                .sysctls(Map.of("kernel.shmmax", "1000")).build();
        ObjectNode s = spec(rootfs, h);
        assertTrue(s.get("root").get("readonly").asBoolean());
        JsonNode shm = mount(s, "/dev/shm");
        assertTrue(shm.get("options").toString().contains("size=1048576"));
        JsonNode rl = s.get("process").get("rlimits");
        assertEquals("RLIMIT_NOFILE", rl.get(0).get("type").asText());
        assertEquals(1024, rl.get(0).get("soft").asLong());
        assertEquals(2048, rl.get(0).get("hard").asLong());
        assertEquals("18446744073709551615", rl.get(1).get("hard").bigIntegerValue().toString());
        assertEquals("1000", s.get("linux").get("sysctl").get("kernel.shmmax").asText());
    }

    @Test
    void userMountsReplaceDefaultsAndParentsComeFirst(@TempDir Path rootfs) {
        List<PlannedMount> mounts = List.of(
                new PlannedMount("/data/sub", "bind", "/srv/sub", List.of("rbind", "rprivate", "ro"), null),
                new PlannedMount("/data", "bind", "/srv", List.of("rbind", "rshared", "rw"), null),
                new PlannedMount("/dev/shm", "tmpfs", "tmpfs", List.of("nosuid", "size=1m"), null));
        ObjectNode s = spec(rootfs, HostConfig.empty(), ContainerSecurity.defaults(), mounts, List.of(), null);
        List<String> dst = new ArrayList<>();
        s.get("mounts").forEach(m -> dst.add(m.get("destination").asText()));
        assertEquals(1, dst.stream().filter("/dev/shm"::equals).count(), "the user's /dev/shm replaces the default");
        assertTrue(dst.indexOf("/data") < dst.indexOf("/data/sub"));
        assertEquals("tmpfs", mount(s, "/dev/shm").get("source").asText());
        assertEquals("shared", s.get("linux").get("rootfsPropagation").asText());
    }

    @Test
    void privilegedGetsEverything(@TempDir Path rootfs) {
        ContainerSecurity privileged = new ContainerSecurity(List.of("CAP_SYS_ADMIN"), null, false, false, true);
        DeviceNode loop = new DeviceNode("/dev/loop0", "b", 7, 0, 0660, 0, 6, "rwm");
        ObjectNode s = spec(rootfs, HostConfig.empty(), privileged, List.of(), List.of(loop), null);
        JsonNode linux = s.get("linux");
        assertFalse(linux.has("maskedPaths"));
        assertFalse(linux.has("seccomp"));
        assertEquals(1, linux.get("resources").get("devices").size());
        assertTrue(linux.get("resources").get("devices").get(0).get("allow").asBoolean());
        assertEquals("/dev/loop0", linux.get("devices").get(0).get("path").asText());
        assertEquals(7, linux.get("devices").get(0).get("major").asInt());
        assertTrue(mount(s, "/sys").get("options").toString().contains("\"rw\""));
    }

    @Test
    void devicesSeccompNoNewPrivilegesAndHooks(@TempDir Path rootfs) {
        ObjectNode seccomp = json.createObjectNode().put("defaultAction", "SCMP_ACT_ERRNO");
        ContainerSecurity security = new ContainerSecurity(Capabilities.DEFAULT, seccomp, true, true, false);
        DeviceNode fuse = new DeviceNode("/dev/fuse", "c", 10, 229, 0666, 0, 0, "rw");
        ObjectNode hooks = json.createObjectNode();
        hooks.putArray("prestart").addObject().put("path", "/bin/true");
        ObjectNode s = spec(rootfs, HostConfig.empty(), security, List.of(), List.of(fuse), hooks);
        assertTrue(s.get("process").get("noNewPrivileges").asBoolean());
        assertEquals("SCMP_ACT_ERRNO", s.get("linux").get("seccomp").get("defaultAction").asText());
        JsonNode rules = s.get("linux").get("resources").get("devices");
        JsonNode last = rules.get(rules.size() - 1);
        assertEquals(229, last.get("minor").asInt());
        assertEquals("rw", last.get("access").asText());
        assertEquals("/bin/true", s.get("hooks").get("prestart").get(0).get("path").asText());
    }

    private static JsonNode mount(ObjectNode spec, String destination) {
        for (JsonNode m : spec.get("mounts")) {
            if (m.get("destination").asText().equals(destination)) {
                return m;
            }
        }
        throw new AssertionError("no mount at " + destination);
    }
}
