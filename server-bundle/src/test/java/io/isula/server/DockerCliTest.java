package io.isula.server;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.LogEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Docker CLI against the daemon API: what a user who brings their own tools would see. */
class DockerCliTest extends ServerOnFakeEngine {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void dockerInstalled() {
        assumeTrue(Files.isExecutable(DOCKER), "the docker client is not installed at " + DOCKER);
    }

    private Run docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DOCKER_"));
        env.put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
        env.put("DOCKER_CLI_HINTS", "false");
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("docker " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run ok(String... args) throws Exception {
        Run r = docker(args);
        assertEquals(0, r.exit(), () -> "docker " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    @Test
    void versionShowsTheServerVersion() throws Exception {
        Run r = ok("version");
        assertTrue(r.out().contains("Server: iSulad"), r.out());
        assertTrue(r.out().contains(FakeEngine.VERSION), r.out());
        assertTrue(r.out().contains("1.43"), r.out());
    }

    @Test
    void infoPrintsTheEngineFacts() throws Exception {
        Run r = ok("info");
        assertTrue(r.out().contains("Server Version: " + FakeEngine.VERSION), r.out());
        assertTrue(r.out().contains("Runtimes: runc"), r.out());
        assertTrue(r.out().contains("CPUs: 2"), r.out());
        assertTrue(r.out().contains("Swarm: inactive"), r.out());
    }

    @Test
    void containerCommandsWork() throws Exception {
        var web = engine.add("web", ContainerStatus.RUNNING, false, 7);
        engine.add("old", ContainerStatus.EXITED, false, 1);
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDOUT, Instant.now(), "hello from web\n"));
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDERR, Instant.now(), "warning from web\n"));

        Run ps = ok("ps", "-a");
        assertTrue(ps.out().contains("web") && ps.out().contains("old"), ps.out());
        assertTrue(ps.out().contains(web.id().substring(0, 12)), ps.out());
        Run running = ok("ps", "--filter", "name=web", "--format", "{{.Names}}");
        assertTrue(running.out().contains("web"), running.out());

        Run inspect = ok("inspect", "--format", "{{.Id}} {{.State.Status}}", "web");
        assertEquals(web.id() + " running", inspect.out().trim());

        Run logs = ok("logs", "web");
        assertEquals("hello from web\n", logs.out());
        assertEquals("warning from web\n", logs.err());

        assertEquals("7", ok("wait", "web").out().trim());
        ok("stop", "-t", "3", "web");
        ok("rm", "-f", "old");
        assertTrue(engine.calls.contains("stop web 3"), engine.calls.toString());
        assertTrue(engine.calls.contains("remove old true"), engine.calls.toString());

        Run missing = docker("stop", "nothere");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("No such container: nothere"), missing.err());
    }
}
