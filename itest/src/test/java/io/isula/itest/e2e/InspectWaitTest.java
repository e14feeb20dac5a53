package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code isula inspect} and {@code isula wait}. */
class InspectWaitTest extends E2eBase {

    @Test
    void inspectOfARunningContainer() throws Exception {
        String name = uniqueName("insp");
        String id = runDetached(name, List.of("-e", "A=B"), "sleep", "1000");
        Result r = isula.ok("inspect", name);
        JsonNode arr = Json.parse(r.stdout(), r);
        assertTrue(arr.isArray() && arr.size() == 1, r::toString);
        JsonNode c = arr.get(0);
        assertEquals(id, c.path("Id").asText(), r::toString);
        JsonNode st = c.path("State");
        assertEquals("running", st.path("Status").asText(), r::toString);
        assertTrue(st.path("Running").isBoolean() && st.path("Running").asBoolean(), r::toString);
        long pid = st.path("Pid").asLong();
        assertTrue(pid > 0 && Procs.alive(pid), () -> "State.Pid must be the live container process:\n" + r);
        assertEquals(0, st.path("ExitCode").asInt(-1), r::toString);
        OffsetDateTime started = OffsetDateTime.parse(st.path("StartedAt").asText());
        assertTrue(started.getYear() >= 2024, () -> "StartedAt must be set:\n" + r);
        assertTrue(st.has("FinishedAt"), r::toString);
        List<String> env = new ArrayList<>();
        c.path("Config").path("Env").forEach(e -> env.add(e.asText()));
        assertTrue(env.contains("A=B"), () -> "Config.Env must hold A=B:\n" + r);
        assertEquals(rootfs.path().toRealPath().toString(), c.path("HostConfig").path("ExternalRootfs").asText(), r::toString);
        assertEquals(name, c.path("Name").asText().replaceFirst("^/", ""), r::toString);
    }

    @Test
    void inspectOfAnExitedContainerHasFinishedAtAfterStartedAt() {
        String name = uniqueName("inspexit");
        Result run = isula(withRootfs(List.of("run", "-n", name), "sh", "-c", "sleep 1; exit 6"));
        assertEquals(6, run.exitCode(), run::toString);
        JsonNode st = inspect(name).path("State");
        assertEquals("exited", st.path("Status").asText(), st::toString);
        assertFalse(st.path("Running").asBoolean(true), st::toString);
        assertEquals(6, st.path("ExitCode").asInt(), st::toString);
        OffsetDateTime started = OffsetDateTime.parse(st.path("StartedAt").asText());
        OffsetDateTime finished = OffsetDateTime.parse(st.path("FinishedAt").asText());
        assertTrue(!finished.isBefore(started.plus(java.time.Duration.ofMillis(900))), () -> "FinishedAt ≥ StartedAt + ~1 s: " + st);
    }

    @Test
    void inspectOfTwoContainersPrintsTwoObjects() {
        String a = uniqueName("inspa");
        String b = uniqueName("inspb");
        parallel(() -> create(a, List.of(), "true"), () -> create(b, List.of(), "true"));
        Result r = isula.ok("inspect", a, b);
        JsonNode arr = Json.parse(r.stdout(), r);
        assertEquals(2, arr.size(), r::toString);
    }

    @Test
    void formatWithAMissingFieldFails() {
        String name = uniqueName("inspmiss");
        create(name, List.of(), "true");
        Result r = isula("inspect", "-f", "{{.NoSuchField}}", name);
        assertEquals(1, r.exitCode(), () -> "a template naming a missing field must fail:\n" + r);
        Result ok = isula("inspect", "-f", "{{.State.Status}} {{.Name}}", name);
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().startsWith("inited "), ok::toString);
    }

    @Test
    void inspectOfAnUnknownContainerFails() {
        Result r = isula("inspect", "no-such-container-" + uniqueName("x"));
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("No such image or container"), () -> "message must say No such image or container:\n" + r);
    }

    @Test
    void waitPrintsTheExitCode() {
        String name = uniqueName("wait");
        runDetached(name, "sh", "-c", "sleep 1; exit 4");
        Result w = isula.run(Duration.ofSeconds(30), "wait", name);
        assertEquals(0, w.exitCode(), w::toString);
        assertEquals("4", w.out(), w::toString);
    }

    @Test
    void waitOnTwoContainersPrintsTwoLines() {
        String a = uniqueName("waita");
        String b = uniqueName("waitb");
        parallel(() -> runDetached(a, "sh", "-c", "sleep 1; exit 4"), () -> runDetached(b, "sh", "-c", "sleep 2; exit 5"));
        Result w = isula.run(Duration.ofSeconds(30), "wait", a, b);
        assertEquals(0, w.exitCode(), w::toString);
        assertEquals(List.of("4", "5"), w.lines().stream().map(String::strip).toList(), w::toString);
    }

    @Test
    void waitOnAnAlreadyExitedContainerReturnsAtOnce() {
        String name = uniqueName("waitdone");
        Result run = isula(withRootfs(List.of("run", "-n", name), "sh", "-c", "exit 2"));
        assertEquals(2, run.exitCode(), run::toString);
        Result w = isula.run(Duration.ofSeconds(15), "wait", name);
        assertEquals("2", w.out(), w::toString);
    }
}
