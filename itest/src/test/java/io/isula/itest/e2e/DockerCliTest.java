package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stock docker CLI against our socket, on containers the isula client created. */
class DockerCliTest extends DockerE2eBase {
    @Test
    void versionShowsOurServerVersion() {
        Result isulaVersion = isula.ok("version");
        List<String> lines = isulaVersion.lines();
        int server = lines.indexOf("Server:");
        assertTrue(server >= 0, isulaVersion::toString);
        String serverVersion = lines.get(server + 1).replaceFirst("^\\s*Version:", "").strip();

        Result v = docker.run("version");
        assertEquals(0, v.exitCode(), v::toString);
        String serverPart = v.stdout().substring(Math.max(0, v.stdout().indexOf("Server")));
        assertTrue(v.stdout().contains("Server"), () -> "docker version must show a Server section:\n" + v);
        assertTrue(serverPart.contains(serverVersion), () -> "server version " + serverVersion + " expected:\n" + v);
    }

    @Test
    void info() {
        Result r = docker.run("info");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("Containers:"), r::toString);
        assertTrue(r.stdout().contains("Server Version:"), r::toString);
    }

    @Test
    void dockerManagesAContainerCreatedByIsula() {
        String name = uniqueName("docker");
        String id = runDetached(name, "sh", "-c", "echo hello-docker; sleep 1000");

        Result ps = docker.run("ps", "-a", "--no-trunc");
        assertEquals(0, ps.exitCode(), ps::toString);
        assertTrue(ps.stdout().contains(name), () -> "docker ps -a must list " + name + ":\n" + ps);
        assertTrue(ps.stdout().contains(id), ps::toString);

        Result inspect = docker.run("inspect", name);
        assertEquals(0, inspect.exitCode(), inspect::toString);
        JsonNode c = Json.parse(inspect.stdout(), inspect).get(0);
        assertEquals(id, c.path("Id").asText(), inspect::toString);
        assertEquals("/" + name, "/" + c.path("Name").asText().replaceFirst("^/", ""), inspect::toString);
        assertTrue(c.path("State").path("Running").asBoolean(), inspect::toString);

        Poll.until(Duration.ofSeconds(15), "docker logs to show hello-docker", () -> docker.run("logs", name).stdout().contains("hello-docker"),
                () -> docker.run("logs", name).toString());

        Result stop = docker.run("stop", "-t", "1", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertEquals(name, stop.out(), stop::toString);
        Result wait = docker.run("wait", name);
        assertEquals(0, wait.exitCode(), wait::toString);
        assertEquals("137", wait.out(), () -> "sh as PID 1 ignores SIGTERM, so stop -t 1 ends in SIGKILL:\n" + wait);
        assertEquals("exited", status(name), "isula sees what docker did");

        Result rm = docker.run("rm", "-f", name);
        assertEquals(0, rm.exitCode(), rm::toString);
        assertFalse(isula.ok("ps", "-a").stdout().contains(name), "isula no longer lists it");
    }

    @Test
    void dockerRestartStartsARunningContainerAgain() {
        String name = uniqueName("dockerrestart");
        runDetached(name, "sleep", "1000");
        long before = pidOf(name);
        Result restart = docker.run("restart", "-t", "0", name);
        assertEquals(0, restart.exitCode(), restart::toString);
        assertEquals("running", status(name), restart::toString);
        long after = pidOf(name);
        assertTrue(after > 0 && after != before, () -> "a new init process: " + before + " then " + after);
        awaitGone(before, Duration.ofSeconds(10));
        isula.ok("rm", "-f", name);
    }

    @Test
    void dockerRmForceRemovesARunningContainer() {
        String name = uniqueName("dockerrmf");
        runDetached(name, "sleep", "1000");
        long pid = pidOf(name);
        Result rm = docker.run("rm", "-f", name);
        assertEquals(0, rm.exitCode(), rm::toString);
        awaitGone(pid, Duration.ofSeconds(10));
        Result inspect = isula("inspect", name);
        assertEquals(1, inspect.exitCode(), inspect::toString);
    }

    @Test
    void dockerWaitReturnsWhenTheContainerExits() {
        String name = uniqueName("dockerwait");
        runDetached(name, "sh", "-c", "sleep 1; exit 3");
        Result wait = docker.run("wait", name);
        assertEquals(0, wait.exitCode(), wait::toString);
        assertEquals("3", wait.out(), wait::toString);
    }
}
