package io.isula.runtime.runc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OomRecordTest {
    @TempDir
    Path dir;

    private ContainerFiles files() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), "{\"linux\":{\"cgroupsPath\":\"/isulad/abc\"}}");
        return new ContainerFiles(Files.createDirectories(dir.resolve("state")), bundle, dir.resolve("exit"),
                dir.resolve("sock"));
    }

    @Test
    void conmonsFileOrTheCgroupsCounter() throws IOException {
        ContainerFiles f = files();
        Path cgroups = dir.resolve("cgroup");
        OomRecord oom = new OomRecord(cgroups);
        assertFalse(oom.oomKilled(f));
        Path control = Files.createDirectories(cgroups.resolve("memory/isulad/abc")).resolve("memory.oom_control");
        Files.writeString(control, "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        assertFalse(oom.oomKilled(f));
        Files.writeString(control, "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        assertTrue(oom.oomKilled(f));
        Files.delete(control);
        Files.writeString(f.stateDir().resolve("oom"), "");
        assertTrue(oom.oomKilled(f), "conmon's file in its persist dir");
        assertEquals(3, OomRecord.counter(writeEvents("low 0\noom 3\noom_kill 3\n"), "oom_kill"));
    }

    private Path writeEvents(String content) throws IOException {
        return Files.writeString(dir.resolve("memory.events"), content);
    }
}
