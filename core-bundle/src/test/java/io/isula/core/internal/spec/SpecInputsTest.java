package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checked inputs of a spec: hook specs, devices, ulimits, DNS and hosts. */
class SpecInputsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void hookSpecs(@TempDir Path dir) throws IOException {
        assertNull(HookSpecs.read(json, null));
        Path good = Files.writeString(dir.resolve("hooks.json"),
                "{\"prestart\":[{\"path\":\"/bin/true\",\"args\":[\"true\"],\"timeout\":5}],\"poststop\":[]}");
        ObjectNode hooks = HookSpecs.read(json, good.toString());
        assertEquals("/bin/true", hooks.get("prestart").get(0).get("path").asText());
        assertEquals(5, hooks.get("prestart").get(0).get("timeout").asInt());
        assertTrue(invalid(dir, "{\"prestart\": [", "bad").startsWith("Invalid hook spec"));
        assertTrue(invalid(dir, "[]", "array").contains("JSON object"));
        assertTrue(invalid(dir, "{\"prestop\":[]}", "kind").contains("unknown hook kind"));
        assertTrue(invalid(dir, "{\"prestart\":[{\"path\":\"bin/true\"}]}", "relative").contains("not an absolute path"));
        assertTrue(invalid(dir, "{\"prestart\":[{\"path\":\"/no/such\"}]}", "missing").contains("Cann't find path"));
        assertTrue(invalid(dir, "{\"prestart\":[{\"path\":\"/bin/true\",\"timeout\":-1}]}", "timeout")
                .contains("Invalid timeout"));
        assertTrue(invalid(dir, "{\"prestart\":[{\"path\":\"/bin/true\",\"argz\":[]}]}", "key").contains("unknown key"));
        Path writable = Files.writeString(dir.resolve("w.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(invalid(dir, "{\"poststart\":[{\"path\":\"" + writable + "\"}]}", "writable")
                .contains("should not be written by non-root"));
        assertThrows(EngineException.class, () -> HookSpecs.read(json, "relative.json"));
        assertThrows(EngineException.class, () -> HookSpecs.read(json, dir.resolve("none.json").toString()));
    }

    private String invalid(Path dir, String content, String name) throws IOException {
        Path f = Files.writeString(dir.resolve(name + ".json"), content);
        return assertThrows(EngineException.class, () -> HookSpecs.read(json, f.toString())).getMessage();
    }

    @Test
    void devicesAreReadFromTheHost() {
        List<DeviceNode> d = new DeviceResolver().resolve(List.of(new HostConfig.DeviceMapping("/dev/null", "/dev/mynull",
                "rw")));
        assertEquals("/dev/mynull", d.get(0).path());
        assertEquals("c", d.get(0).type());
        assertEquals(1, d.get(0).major());
        assertEquals(3, d.get(0).minor());
        assertEquals("rw", d.get(0).permissions());
        assertTrue(assertThrows(EngineException.class, () -> new DeviceResolver().resolve(List.of(
                new HostConfig.DeviceMapping("/dev/nosuchdevice", null, null)))).getMessage()
                .contains("error gathering device information while adding custom device \"/dev/nosuchdevice\""));
        assertThrows(EngineException.class, () -> new DeviceResolver().resolve(List.of(
                new HostConfig.DeviceMapping("/etc/hostname", null, null))), "not a device");
        assertThrows(EngineException.class, () -> new DeviceResolver().resolve(List.of(
                new HostConfig.DeviceMapping("/dev/null", null, "rx"))));
        assertTrue(new DeviceResolver().hostDevices().stream().anyMatch(n -> n.path().equals("/dev/null")));
        assertEquals(8, DeviceResolver.major(0x0801));
        assertEquals(1, DeviceResolver.minor(0x0801));
    }

    @Test
    void ulimits() {
        assertDoesNotThrow(() -> Rlimits.check(List.of(new HostConfig.Ulimit("nofile", 100, 200))));
        assertEquals("Invalid ulimit type: files", assertThrows(EngineException.class,
                () -> Rlimits.check(List.of(new HostConfig.Ulimit("files", 1, 1)))).getMessage());
        assertEquals("Ulimit soft limit must be less than or equal to hard limit: 300 > 200",
                assertThrows(EngineException.class,
                        () -> Rlimits.check(List.of(new HostConfig.Ulimit("nproc", 300, 200)))).getMessage());
    }

    @Test
    void dnsAndExtraHosts() {
        NameResolution n = NameResolution.of(HostConfig.builder().dns(List.of("10.0.0.2", "fd00::1"))
                .dnsSearch(List.of("example.com")).dnsOptions(List.of("ndots:2")).extraHosts(List.of("db:10.0.0.9"))
                .build());
        String resolv = NetworkFiles.resolvConf("nameserver 1.1.1.1\nsearch host.lan\noptions rotate\n", n);
        assertEquals("nameserver 10.0.0.2\nnameserver fd00::1\nsearch example.com\noptions ndots:2\n", resolv);
        String keepSearch = NetworkFiles.resolvConf("nameserver 1.1.1.1\nsearch host.lan\n",
                NameResolution.of(HostConfig.builder().dns(List.of("9.9.9.9")).build()));
        assertEquals("nameserver 9.9.9.9\nsearch host.lan\n", keepSearch);
        assertEquals("10.0.0.9", n.extraHosts().get(0)[1]);
        assertEquals("300.1.1.1 is not an ip address", assertThrows(EngineException.class,
                () -> NameResolution.of(HostConfig.builder().dns(List.of("300.1.1.1")).build())).getMessage());
        assertThrows(EngineException.class, () -> NameResolution.of(HostConfig.builder().dns(List.of("dns.google")).build()));
        assertThrows(EngineException.class, () -> NameResolution.of(HostConfig.builder().extraHosts(List.of("db")).build()));
        assertThrows(EngineException.class,
                () -> NameResolution.of(HostConfig.builder().extraHosts(List.of("db:not-an-ip")).build()));
        assertThrows(EngineException.class,
                () -> NameResolution.of(HostConfig.builder().dnsOptions(List.of("ndots 2\nnameserver x")).build()));
        assertFalse(NameResolution.none().customResolv());
    }
}
