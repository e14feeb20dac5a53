package io.isula.runtime.kata;

import io.isula.core.api.DaemonSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShimTableTest {
    @TempDir
    Path dir;

    private Path executable(Path d, String name) throws IOException {
        Files.createDirectories(d);
        Path p = Files.writeString(d.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void namesMapToShimBinaries() throws IOException {
        Path bin = dir.resolve("bin");
        Path runc = executable(bin, "containerd-shim-runc-v2");
        executable(bin, "containerd-shim-other"); // not of the form <name>-v<N>
        Path kata = executable(dir.resolve("opt"), "my-kata-shim");
        DaemonSettings settings = new DaemonSettings(dir, dir, List.of(), null, null,
                Map.of("io.containerd.kata.v2", new DaemonSettings.OciRuntime(kata.toString(), List.of()),
                        "runc-alt", new DaemonSettings.OciRuntime("/usr/bin/runc", List.of())), Map.of());
        ShimTable t = new ShimTable(settings, bin.toString());
        assertEquals(runc.toString(), t.binary("io.containerd.runc.v2"));
        assertEquals(kata.toString(), t.binary("kata"));
        assertEquals(kata.toString(), t.binary("io.containerd.kata.v2"));
        assertNull(t.binary("io.containerd.nosuch.v1"));
        assertEquals(Map.of("io.containerd.runc.v2", runc.toString(), "io.containerd.kata.v2", kata.toString(),
                "kata", kata.toString()), t.found());
    }

    @Test
    void servesOnlyShimV2Names() {
        assertTrue(ShimTable.serves("kata"));
        assertTrue(ShimTable.serves("io.containerd.runc.v2"));
        assertFalse(ShimTable.serves("runc"));
        assertFalse(ShimTable.serves("io.containerd.runc"));
        assertFalse(ShimTable.serves("io.containerd.../x.v2"));
        assertEquals("containerd-shim-kata-v2", ShimTable.binaryName(ShimTable.type("kata")));
    }
}
