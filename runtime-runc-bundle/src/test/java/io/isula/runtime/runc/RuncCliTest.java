package io.isula.runtime.runc;

import io.isula.core.api.EngineException;
import io.isula.core.api.EngineException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuncCliTest {
    @Test
    void extractsLogrusMessages() {
        String stderr = "time=\"2026-11-27T23:55:29Z\" level=error msg=\"container \\\"c1\\\" does not exist\"\n";
        assertEquals("container \"c1\" does not exist", RuncCli.errorText(stderr));
    }

    @Test
    void plainTextStaysAsItIs() {
        assertEquals("something broke", RuncCli.errorText("  something broke\n"));
    }

    @Test
    void classifiesErrors() {
        assertEquals(Kind.NOT_FOUND, RuncCli.kindOf("container does not exist"));
        assertEquals(Kind.CONFLICT, RuncCli.kindOf("container not running"));
        assertEquals(Kind.CONFLICT, RuncCli.kindOf("cannot delete container c1 that is not stopped: running"));
        assertEquals(Kind.INTERNAL, RuncCli.kindOf("permission denied"));
    }

    @Test
    void errorsNameContainerRuntimeAndRuncsText(@TempDir Path dir) throws Exception {
        Path fake = script(dir, "echo 'time=\"x\" level=error msg=\"container not running\"' >&2; exit 1");
        RuncCli cli = new RuncCli(RuntimeLayout.of("myrt", fake.toString(), List.of(), dir), Duration.ofSeconds(10));
        EngineException e = assertThrows(EngineException.class, () -> cli.kill("c1", 15));
        assertEquals(Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("myrt kill of container c1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("failed: container not running"), e.getMessage());
    }

    @Test
    void callsHaveADeadline(@TempDir Path dir) throws Exception {
        Path fake = script(dir, "exec sleep 30");
        RuncCli cli = new RuncCli(RuntimeLayout.of("runc", fake.toString(), List.of(), dir), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, () -> cli.start("c2"));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        assertTrue(e.getMessage().contains("runc start of container c2"), e.getMessage());
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void passesRuntimeArgsThenPrivateRootBeforeTheCommand(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("argv");
        Path fake = script(dir, "printf '%s\\n' \"$@\" > " + out + "; echo '[1,2]'");
        RuntimeLayout rt = RuntimeLayout.of("r", fake.toString(), List.of("--systemd-cgroup"), dir.resolve("state"));
        assertEquals(List.of(1, 2), new RuncCli(rt, Duration.ofSeconds(10)).pids("c3"));
        assertEquals(List.of("--systemd-cgroup", "--root", rt.runcRoot().toString(), "ps", "--format", "json", "c3"),
                Files.readAllLines(out));
    }

    @Test
    void deleteOfAnUnknownContainerIsFine(@TempDir Path dir) throws Exception {
        Path fake = script(dir, "echo 'time=\"x\" level=error msg=\"container does not exist\"' >&2; exit 1");
        new RuncCli(RuntimeLayout.of("runc", fake.toString(), List.of(), dir), Duration.ofSeconds(10)).delete("c4", true);
        assertTrue(new RuncCli(RuntimeLayout.of("runc", fake.toString(), List.of(), dir), Duration.ofSeconds(10))
                .state("c4").isEmpty());
    }

    private static Path script(Path dir, String body) throws Exception {
        Path f = dir.resolve("fake-runc");
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }
}
