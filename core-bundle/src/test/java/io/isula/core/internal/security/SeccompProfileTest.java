package io.isula.core.internal.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeccompProfileTest {
    private final ObjectMapper json = new ObjectMapper();
    private final SeccompProfile profile = SeccompProfile.defaultProfile(json);

    private static List<String> allowed(ObjectNode oci) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : oci.get("syscalls")) {
            if (c.get("action").asText().equals("SCMP_ACT_ALLOW") && !c.has("args")) {
                c.get("names").forEach(n -> out.add(n.asText()));
            }
        }
        return out;
    }

    @Test
    void subArchitecturesTheKernelCannotRunAreLeftOut() {
        SeccompHost noX32 = new SeccompHost("amd64", "6.1.0", arch -> !arch.equals("SCMP_ARCH_X32"));
        ObjectNode oci = profile.toOci(json, Capabilities.DEFAULT, noX32);
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"), json.convertValue(oci.get("architectures"), List.class));
        SeccompHost nothingElse = new SeccompHost("amd64", "6.1.0", arch -> false);
        assertEquals(List.of("SCMP_ARCH_X86_64"),
                json.convertValue(profile.toOci(json, Capabilities.DEFAULT, nothingElse).get("architectures"), List.class),
                "the host's own architecture is never left out");
    }

    @Test
    void defaultDeniesWithEpermAndAllowsTheCommonCalls() {
        ObjectNode oci = profile.toOci(json, Capabilities.DEFAULT, SeccompHost.running("amd64", "6.1.0"));
        assertEquals("SCMP_ACT_ERRNO", oci.get("defaultAction").asText());
        assertEquals(1, oci.get("defaultErrnoRet").asInt());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                json.convertValue(oci.get("architectures"), List.class));
        List<String> allowed = allowed(oci);
        for (String call : List.of("read", "write", "openat", "execve", "clone3", "pipe2", "arch_prctl", "chroot",
                "ptrace")) {
            if (!call.equals("clone3")) {
                assertTrue(allowed.contains(call), call);
            }
        }
        for (String call : List.of("mount", "unshare", "setns", "init_module", "finit_module", "reboot", "bpf",
                "open_by_handle_at", "modify_ldt_x")) {
            assertFalse(allowed.contains(call), call);
        }
        assertFalse(allowed.contains("s390_runtime_instr"), "other architectures' calls are left out");
    }

    @Test
    void capabilitiesUnlockTheirSystemCalls() {
        List<String> caps = new ArrayList<>(Capabilities.DEFAULT);
        caps.add("CAP_SYS_ADMIN");
        caps.add("CAP_SYS_MODULE");
        ObjectNode oci = profile.toOci(json, caps, SeccompHost.running("amd64", "6.1.0"));
        List<String> allowed = allowed(oci);
        assertTrue(allowed.containsAll(List.of("mount", "unshare", "setns", "clone", "init_module")));
        for (JsonNode c : oci.get("syscalls")) {
            assertFalse(c.get("names").toString().contains("clone3") && c.get("action").asText().equals("SCMP_ACT_ERRNO"),
                    "with CAP_SYS_ADMIN clone3 is allowed, not ENOSYS");
        }
    }

    @Test
    void withoutSysAdminCloneMayNotMakeNamespaces() {
        ObjectNode oci = profile.toOci(json, Capabilities.DEFAULT, SeccompHost.running("amd64", "6.1.0"));
        JsonNode clone = null;
        JsonNode clone3 = null;
        for (JsonNode c : oci.get("syscalls")) {
            if (c.get("names").size() == 1 && c.get("names").get(0).asText().equals("clone")) {
                clone = c;
            }
            if (c.get("names").size() == 1 && c.get("names").get(0).asText().equals("clone3")) {
                clone3 = c;
            }
        }
        assertEquals("SCMP_CMP_MASKED_EQ", clone.get("args").get(0).get("op").asText());
        assertEquals(0x7E020000L, clone.get("args").get(0).get("value").asLong());
        assertEquals(38, clone3.get("errnoRet").asInt());
    }

    @Test
    void oldKernelsDoNotGetPtrace() {
        assertFalse(allowed(profile.toOci(json, Capabilities.DEFAULT, SeccompHost.running("amd64", "4.4.0-generic"))).contains("ptrace"));
        assertEquals(-1, SeccompProfile.compareVersions("4.4.0-generic", "4.8"));
        assertEquals(1, SeccompProfile.compareVersions("6.18.44-fc", "4.8"));
    }

    @Test
    void aUsersProfileIsCheckedAndPassesThrough() {
        SeccompProfile p = SeccompProfile.parse(json, """
                {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
                 "syscalls":[{"name":"mkdir","action":"SCMP_ACT_ERRNO"}]}""");
        ObjectNode oci = p.toOci(json, Capabilities.DEFAULT, SeccompHost.running("amd64", "6.1.0"));
        assertEquals("SCMP_ACT_ALLOW", oci.get("defaultAction").asText());
        assertEquals("mkdir", oci.get("syscalls").get(0).get("names").get(0).asText());
        assertEquals("SCMP_ARCH_X86_64", oci.get("architectures").get(0).asText());
        assertTrue(assertThrows(EngineException.class, () -> SeccompProfile.parse(json, "{not json"))
                .getMessage().startsWith("Decoding seccomp profile failed"));
        assertThrows(EngineException.class, () -> SeccompProfile.parse(json, "[]"));
        assertThrows(EngineException.class, () -> SeccompProfile.parse(json, "{\"defaultAction\":\"SCMP_ACT_MAYBE\"}"));
        assertThrows(EngineException.class, () -> SeccompProfile.parse(json,
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],\"action\":\"SCMP_ACT_ALLOW\","
                        + "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_LIKE\"}]}]}"));
    }
}
