package io.isula.core.internal.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelAbisTest {
    @Test
    void theProbeAgreesWithTheKernelsBuildConfiguration() throws IOException {
        // this machine's kernel publishes its configuration; x32 runs only where CONFIG_X86_X32_ABI=y
        Path config = Path.of("/proc/config.gz");
        assertTrue(Files.exists(config), "the test reads the kernel's configuration from " + config);
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean built = text.lines().anyMatch("CONFIG_X86_X32_ABI=y"::equals);
        assertEquals(built, new KernelAbis("amd64").test("SCMP_ARCH_X32"));
    }

    @Test
    void onlyX32IsProbed() {
        KernelAbis abis = new KernelAbis("amd64");
        assertTrue(abis.test("SCMP_ARCH_X86"));
        assertTrue(abis.test("SCMP_ARCH_X86_64"));
        assertFalse(new KernelAbis("arm64").test("SCMP_ARCH_X32"), "x32 is an x86_64 ABI");
        assertTrue(new KernelAbis("arm64").test("SCMP_ARCH_ARM"));
    }
}
