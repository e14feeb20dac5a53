package io.isula.runtime.runc;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.DaemonSettings.OciRuntime;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeTableTest {
    private static DaemonSettings settings(Path state, Map<String, OciRuntime> runtimes) {
        return new DaemonSettings(Path.of("/g"), state, List.of(), "runc", "info", runtimes, Map.of());
    }

    @Test
    void servesRuncAndEveryConfiguredRuntime() {
        Map<String, OciRuntime> rts = new LinkedHashMap<>();
        rts.put("crun", new OciRuntime("/usr/bin/crun", List.of("--debug")));
        rts.put("my-runc", new OciRuntime(null, null));
        RuntimeTable t = RuntimeTable.from(settings(Path.of("/run/isd"), rts), name -> "/resolved/" + name);
        assertEquals(Set.of("runc", "crun", "my-runc"), t.byName().keySet());
        assertEquals("/resolved/runc", t.get("runc").binary());
        assertEquals("/resolved//usr/bin/crun", t.get("crun").binary());
        assertEquals(List.of("--debug"), t.get("crun").runtimeArgs());
        assertEquals("/resolved/my-runc", t.get("my-runc").binary());
        assertEquals(Path.of("/run/isd/crun/.runc-root"), t.get("crun").runcRoot());
        assertEquals(Path.of("/run/isd/crun/.exits"), t.get("crun").exitDir());
    }

    @Test
    void daemonJsonMayOverrideTheRuncBinary() {
        RuntimeTable t = RuntimeTable.from(settings(Path.of("/run/isd"),
                Map.of("runc", new OciRuntime("/opt/runc", List.of()))), name -> name);
        assertEquals("/opt/runc", t.get("runc").binary());
    }

    @Test
    void namesThatCannotBeFolderNamesAreIgnored() {
        Map<String, OciRuntime> rts = new LinkedHashMap<>();
        rts.put("../evil", new OciRuntime("/x", List.of()));
        rts.put("a/b", new OciRuntime("/x", List.of()));
        rts.put(".hidden", new OciRuntime("/x", List.of()));
        RuntimeTable t = RuntimeTable.from(settings(Path.of("/run/isd"), rts), name -> name);
        assertEquals(Set.of("runc"), t.byName().keySet());
    }

    @Test
    void shimV2TypesAreLeftToTheShimProvider() {
        Map<String, OciRuntime> rts = new LinkedHashMap<>();
        rts.put("io.containerd.kata.v2", new OciRuntime("/opt/kata/bin/containerd-shim-kata-v2", List.of()));
        rts.put("kata-runtime", new OciRuntime("/usr/bin/kata-runtime", List.of()));
        RuntimeTable t = RuntimeTable.from(settings(Path.of("/run/isd"), rts), name -> name);
        assertEquals(Set.of("runc", "kata-runtime"), t.byName().keySet());
    }

    @Test
    void needsAStateDir() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeTable.from(settings(null, Map.of()), n -> n));
        assertThrows(IllegalArgumentException.class, () -> RuntimeTable.from(null, n -> n));
    }

    @Test
    void socketDirStaysShortForLongStateRoots() {
        Path shortRoot = Path.of("/var/run/isulad");
        assertEquals(Path.of("/var/run/isulad/runc/.sock"), RuntimeLayout.of("runc", "runc", List.of(), shortRoot).socketDir());
        Path longRoot = Path.of("/tmp/" + "x".repeat(80) + "/state");
        Path a = RuntimeLayout.of("runc", "runc", List.of(), longRoot).socketDir();
        Path b = RuntimeLayout.of("runc", "runc", List.of(), longRoot.resolveSibling("other")).socketDir();
        assertNotEquals(a, b, "two daemons must not share a socket dir");
        String attach = a.resolve("f".repeat(64)).resolve("attach").toString();
        assertTrue(attach.getBytes(StandardCharsets.UTF_8).length <= RuntimeLayout.MAX_SOCKET_PATH, attach);
    }

    @Test
    void findsExecutablesOnPath() {
        assertEquals("/bin/sh", Executables.resolve("sh", "/nonexistent:/bin"));
        assertEquals("no-such-program-x", Executables.resolve("no-such-program-x", "/bin:/usr/bin"));
        assertEquals("./rel/x", Executables.resolve("./rel/x", "/bin"));
    }
}
