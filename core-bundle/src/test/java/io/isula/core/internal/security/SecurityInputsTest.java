package io.isula.core.internal.security;

import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --security-opt} and {@code --sysctl}. */
class SecurityInputsTest {
    @Test
    void securityOptions(@TempDir Path dir) throws IOException {
        SecurityOptions none = SecurityOptions.parse(null);
        assertNull(none.seccomp());
        assertFalse(none.noNewPrivileges());
        SecurityOptions o = SecurityOptions.parse(List.of("seccomp=unconfined", "no-new-privileges"));
        assertEquals(SecurityOptions.UNCONFINED, o.seccomp());
        assertTrue(o.noNewPrivileges());
        assertTrue(SecurityOptions.parse(List.of("no-new-privileges:true")).noNewPrivileges());
        assertFalse(SecurityOptions.parse(List.of("no-new-privileges=false")).noNewPrivileges());
        assertEquals("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}",
                SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}")).seccomp());
        Path file = Files.writeString(dir.resolve("p.json"), "{}");
        assertEquals("{}", SecurityOptions.parse(List.of("seccomp=" + file)).seccomp());
        assertTrue(SecurityOptions.parse(List.of("systempaths=unconfined")).unmaskPaths());
        assertDoesNotThrow(() -> SecurityOptions.parse(List.of("label=disable", "apparmor=unconfined")));
        assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("seccomp=relative.json")));
        assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("seccomp=" + dir.resolve("none"))));
        assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("label=type:x")));
        assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("bogus=1")));
        assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("no-new-privileges=maybe")));
    }

    @Test
    void onlyNamespacedSysctls() {
        assertDoesNotThrow(() -> Sysctls.check(Map.of("kernel.shmmax", "1000", "fs.mqueue.msg_max", "20",
                "net.ipv4.ip_forward", "1"), false));
        assertTrue(assertThrows(EngineException.class, () -> Sysctls.check(Map.of("kernel.panic", "1"), false))
                .getMessage().startsWith("Sysctl kernel.panic=1 is not whitelist"));
        assertThrows(EngineException.class, () -> Sysctls.check(Map.of("vm.swappiness", "1"), false));
        assertThrows(EngineException.class, () -> Sysctls.check(Map.of("net.ipv4.ip_forward", "1"), true),
                "a container on the host's network would change the host");
        assertThrows(EngineException.class, () -> Sysctls.check(Map.of("net.ipv4.ip_forward", "1\nkernel.x"), false));
    }
}
