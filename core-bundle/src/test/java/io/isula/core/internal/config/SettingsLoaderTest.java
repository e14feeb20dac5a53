package io.isula.core.internal.config;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {
    private final SettingsLoader loader = new SettingsLoader();

    @Test
    void daemonJsonKeysAreReadAndFlagsWin(@TempDir Path dir) throws IOException {
        Path conf = Files.writeString(dir.resolve("daemon.json"), """
                {"graph": "/data/g", "state": "/run/s", "hosts": ["unix:///run/a.sock"], "default-runtime": "RUNC",
                 "log-level": "DEBUG",
                 "runtimes": {"my-runc": {"path": "/usr/sbin/runc", "runtime-args": ["--debug"]}}}
                """);
        DaemonSettings s = loader.load(Map.of("isula.config.file", conf.toString(), "isula.graph", "/flag/g")::get);
        assertEquals(Path.of("/flag/g"), s.graph());
        assertEquals(Path.of("/run/s"), s.state());
        assertEquals(List.of("unix:///run/a.sock"), s.hosts());
        assertEquals("runc", s.defaultRuntime());
        assertEquals("DEBUG", s.logLevel());
        assertEquals(new DaemonSettings.OciRuntime("/usr/sbin/runc", List.of("--debug")), s.runtimes().get("my-runc"));
    }

    @Test
    void defaultsWhenNothingIsGiven(@TempDir Path dir) {
        DaemonSettings s = loader.load(Map.of("isula.config.file", write(dir, "{}").toString())::get);
        assertEquals(Path.of("/var/lib/isulad"), s.graph());
        assertEquals(Path.of("/var/run/isulad"), s.state());
        assertEquals(List.of("unix:///var/run/isulad.sock"), s.hosts());
        assertEquals("runc", s.defaultRuntime());
    }

    @Test
    void hostFlagIsCommaSeparated(@TempDir Path dir) {
        DaemonSettings s = loader.load(Map.of("isula.config.file", write(dir, "{}").toString(),
                "isula.hosts", "unix:///a.sock,unix:///b.sock")::get);
        assertEquals(List.of("unix:///a.sock", "unix:///b.sock"), s.hosts());
    }

    @Test
    void badConfigFilesNameTheProblem(@TempDir Path dir) {
        EngineException missing = assertThrows(EngineException.class,
                () -> loader.load(Map.of("isula.config.file", dir.resolve("none.json").toString())::get));
        assertTrue(missing.getMessage().contains("does not exist"));
        EngineException json = assertThrows(EngineException.class,
                () -> loader.load(Map.of("isula.config.file", write(dir, "{\"graph\": ").toString())::get));
        assertTrue(json.getMessage().startsWith("invalid config file"), json.getMessage());
        EngineException type = assertThrows(EngineException.class,
                () -> loader.load(Map.of("isula.config.file", write(dir, "{\"graph\": 3}").toString())::get));
        assertTrue(type.getMessage().contains("\"graph\""), type.getMessage());
        EngineException relative = assertThrows(EngineException.class,
                () -> loader.load(Map.of("isula.config.file", write(dir, "{\"graph\": \"rel\"}").toString())::get));
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
        EngineException runtime = assertThrows(EngineException.class, () -> loader.load(Map.of("isula.config.file",
                write(dir, "{\"runtimes\": {\"x\": {}}}").toString())::get));
        assertTrue(runtime.getMessage().contains("runtimes.x"), runtime.getMessage());
    }

    private static Path write(Path dir, String content) {
        try {
            return Files.writeString(Files.createTempFile(dir, "daemon", ".json"), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
