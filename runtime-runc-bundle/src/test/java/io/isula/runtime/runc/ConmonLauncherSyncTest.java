package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonProcess;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sync-pipe plumbing against fake conmons that behave like the real one: the first process exits at once. */
class ConmonLauncherSyncTest {
    @TempDir
    Path dir;

    @Test
    void readsAPidWrittenAfterTheFirstProcessExited() throws Exception {
        // the JDK stops reading a dead child's stdout: this line comes 300 ms after conmon's first process ended
        assertEquals(42, create("( sleep 0.3; echo '{\"data\": 42}' >&3 ) &\nexit 0", Duration.ofSeconds(10)));
    }

    @Test
    void relaysRuncsErrorFromTheSyncPipe() {
        EngineException e = assertThrows(EngineException.class, () -> create(
                "echo '{\"data\": -1, \"message\": \"time=\\\"x\\\" level=error msg=\\\"boom\\\"\"}' >&3", Duration.ofSeconds(10)));
        assertEquals("runc create of container c1 failed: boom", e.getMessage());
    }

    @Test
    void fallsBackToRuncsLogWhenConmonSaysNothing() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/runc.log"), "{\"level\":\"error\",\"msg\":\"no cgroup for you\"}\n");
        EngineException e = assertThrows(EngineException.class, () -> create("exit 1", Duration.ofSeconds(10)));
        assertEquals("runc create of container c1 failed: no cgroup for you", e.getMessage());
    }

    @Test
    void saysSoWhenThereIsNoReasonAnywhere() {
        EngineException e = assertThrows(EngineException.class, () -> create("echo oops >&2; exit 1", Duration.ofSeconds(10)));
        assertTrue(e.getMessage().startsWith("runc create of container c1 failed: conmon exited without reporting a pid"),
                e.getMessage());
        assertTrue(e.getMessage().contains("oops"), e.getMessage());
    }

    @Test
    void givesUpAfterTheDeadline() {
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> create("sleep 20; echo '{\"data\": 1}' >&3", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not report within"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    private int create(String fakeBody, Duration timeout) throws IOException {
        Path fake = dir.resolve("conmon");
        Files.writeString(fake, "#!/bin/sh\n" + fakeBody + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        RuntimeLayout rt = RuntimeLayout.of("runc", "/bin/true", List.of(), dir.resolve("run"));
        ContainerHandle c = new ContainerHandle("c1", "runc", dir.resolve("bundle"), dir.resolve("state"), dir.resolve("log"));
        Files.createDirectories(c.stateDir());
        ConmonLauncher launcher = new ConmonLauncher(fake.toString(), "info", timeout, new ConmonProcess());
        return launcher.create(rt, c, ContainerFiles.of(c, rt), new CreateOptions(null, false, false));
    }
}
