package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciSpecFactoryTest {
    private final OciSpecFactory factory = new OciSpecFactory(new ObjectMapper());

    private SpecInput input(Path rootfs, boolean external) {
        return new SpecInput("abc", rootfs, external, List.of("sh", "-c", "echo hi"), List.of("PATH=/bin", "A=B"),
                "/tmp", new UserSpec(1000, 1000, List.of(10)), "host1", false, Path.of("/bundle"), "/isulad");
    }

    @Test
    void processAndRootComeFromTheRequest(@TempDir Path rootfs) {
        ObjectNode spec = factory.create(input(rootfs, false));
        assertEquals("1.0.2", spec.get("ociVersion").asText());
        JsonNode p = spec.get("process");
        assertEquals(List.of("sh", "-c", "echo hi"), strings(p.get("args")));
        assertEquals(List.of("PATH=/bin", "A=B"), strings(p.get("env")));
        assertEquals("/tmp", p.get("cwd").asText());
        assertEquals(1000, p.get("user").get("uid").asInt());
        assertEquals(List.of("10"), strings(p.get("user").get("additionalGids")));
        assertEquals(rootfs.toString(), spec.get("root").get("path").asText());
        assertEquals("host1", spec.get("hostname").asText());
        assertEquals("/isulad/abc", spec.get("linux").get("cgroupsPath").asText());
    }

    @Test
    void dockerDefaultsAreSafe(@TempDir Path rootfs) {
        ObjectNode spec = factory.create(input(rootfs, false));
        List<String> namespaces = new ArrayList<>();
        spec.get("linux").get("namespaces").forEach(n -> namespaces.add(n.get("type").asText()));
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"), namespaces);
        List<String> caps = strings(spec.get("process").get("capabilities").get("bounding"));
        assertEquals(14, caps.size());
        assertTrue(caps.contains("CAP_NET_BIND_SERVICE"));
        assertFalse(caps.contains("CAP_SYS_ADMIN"));
        assertTrue(strings(spec.get("linux").get("maskedPaths")).contains("/proc/kcore"));
        assertTrue(strings(spec.get("linux").get("readonlyPaths")).contains("/proc/sys"));
        List<String> destinations = destinations(spec);
        assertTrue(destinations.containsAll(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/etc/hosts", "/etc/resolv.conf", "/etc/hostname")), destinations.toString());
        JsonNode devices = spec.get("linux").get("resources").get("devices");
        assertFalse(devices.get(0).get("allow").asBoolean());
        assertEquals("rwm", devices.get(0).get("access").asText());
    }

    @Test
    void externalRootfsGetsNoMountWhoseTargetWouldHaveToBeCreated(@TempDir Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hosts"), "");
        Files.createSymbolicLink(rootfs.resolve("sys"), Path.of("/sys"));
        List<String> destinations = destinations(factory.create(input(rootfs, true)));
        assertTrue(destinations.contains("/proc"));
        assertTrue(destinations.contains("/etc/hosts"));
        assertTrue(destinations.contains("/dev/pts"), "targets under /dev live on the container's own tmpfs");
        assertFalse(destinations.contains("/etc/resolv.conf"));
        assertFalse(destinations.contains("/sys"), "a link in the rootfs is not a mount target");
    }

    private static List<String> destinations(ObjectNode spec) {
        List<String> out = new ArrayList<>();
        spec.get("mounts").forEach(m -> out.add(m.get("destination").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
