package io.isula.core.util.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.spi.ExecSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exec's process: the container's own, with the exec's command, environment, directory, user and terminal. */
class ExecProcessSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theExecReplacesWhatItSetsAndKeepsTheRest(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"process\": {\"args\": [\"sleep\", \"1\"], \"env\": [\"A=1\"], \"cwd\": \"/\","
                + " \"terminal\": true, \"consoleSize\": {\"height\": 1, \"width\": 2}, \"noNewPrivileges\": true,"
                + " \"user\": {\"uid\": 0, \"gid\": 0}}}");
        ExecSpec spec = new ExecSpec("x", List.of("sh", "-c", "id"), List.of("B=2"), "/tmp",
                new ExecSpec.User(1000, 100, List.of(5)), false, false, false, 0, 0);
        JsonNode p = JSON.readTree(ExecProcessSpec.from(config, spec));
        assertEquals("[\"sh\",\"-c\",\"id\"]", p.get("args").toString());
        assertEquals("[\"B=2\"]", p.get("env").toString());
        assertEquals("/tmp", p.get("cwd").asText());
        assertFalse(p.get("terminal").asBoolean());
        assertFalse(p.has("consoleSize"));
        assertTrue(p.get("noNewPrivileges").asBoolean());
        assertEquals("{\"uid\":1000,\"gid\":100,\"additionalGids\":[5]}", p.get("user").toString());
    }

    @Test
    void aBundleWithoutAProcessIsRefused(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"root\": {}}");
        IOException e = assertThrows(IOException.class, () -> ExecProcessSpec.from(config,
                new ExecSpec("x", List.of("true"), List.of(), "/", null, false, false, false, 0, 0)));
        assertTrue(e.getMessage().contains("has no process"), e.getMessage());
    }
}
