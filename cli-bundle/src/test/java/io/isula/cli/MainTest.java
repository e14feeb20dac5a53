package io.isula.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    @Test
    void versionFlag() {
        assertEquals(0, run(Map.of(), "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("Version \\d+\\.\\d+\\.\\d+, commit \\S+\n"), out.toString());
    }

    @Test
    void bareVersionWithoutDaemonPrintsClientThenFails() {
        assertEquals(1, run(Map.of("ISULAD_HOST", "unix:///nonexistent/isulad.sock"), "version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Client:\n  Version:      "));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unix:///nonexistent/isulad.sock"), err.toString());
    }

    @Test
    void hostFlagWinsOverEnvironment() {
        assertEquals(1, run(Map.of("ISULAD_HOST", "unix:///a.sock"), "ps", "-H", "/nonexistent/b.sock"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unix:///nonexistent/b.sock"), err.toString());
    }

    @Test
    void unsupportedHostIs125() {
        assertEquals(125, run(Map.of(), "-H", "tcp://1.2.3.4:2375", "version"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("only unix://"), err.toString());
    }
}
