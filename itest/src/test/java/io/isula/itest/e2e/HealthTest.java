package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health checks shown in ps and inspect, and --health-exit-on-unhealthy. */
class HealthTest extends E2eBase {

    private String psStatus(String name) {
        return isula.ok("ps", "-a", "--format", "{{.Names}}\t{{.Status}}").lines().stream()
                .filter(l -> l.startsWith(name + "\t")).map(l -> l.substring(name.length() + 1)).findFirst().orElse("");
    }

    @Test
    void aCheckTurningUnhealthyShowsInPsAndInspect() {
        String name = uniqueName("health");
        String key = name + "-sick";
        runDetached(name, List.of("--health-cmd", "test ! -e /signals/" + key, "--health-interval", "1s",
                "--health-retries", "2", "--health-timeout", "5s"), "sleep", "300");
        assertTrue(psStatus(name).endsWith("(starting)"), psStatus(name));
        Poll.until(Duration.ofSeconds(15), name + " to be healthy", () -> psStatus(name).endsWith("(healthy)"),
                () -> psStatus(name));
        assertEquals("healthy", inspectF(name, "{{.State.Health.Status}}"));
        release(key);
        Poll.until(Duration.ofSeconds(15), name + " to be unhealthy", () -> psStatus(name).endsWith("(unhealthy)"),
                () -> psStatus(name));
        JsonNode health = Json.parse(inspectF(name, "{{json .State.Health}}"), name);
        assertEquals("unhealthy", health.path("Status").asText());
        assertTrue(health.path("FailingStreak").asInt() >= 2, health::toString);
        JsonNode last = health.path("Log").get(health.path("Log").size() - 1);
        assertEquals(1, last.path("ExitCode").asInt(), health::toString);
        assertEquals("running", status(name), "without --health-exit-on-unhealthy it keeps running");
        JsonNode check = Json.parse(inspectF(name, "{{json .Config.Healthcheck}}"), name);
        assertEquals(1_000_000_000L, check.path("Interval").asLong());
        isula.ok("rm", "-f", name);
    }

    @Test
    void exitOnUnhealthyStopsTheContainer() {
        String name = uniqueName("exitsick");
        String key = name + "-sick";
        runDetached(name, List.of("--health-cmd", "test ! -e /signals/" + key, "--health-interval", "1s",
                "--health-retries", "1", "--health-exit-on-unhealthy"), "sleep", "300");
        Poll.until(Duration.ofSeconds(15), name + " to be healthy", () -> psStatus(name).endsWith("(healthy)"),
                () -> psStatus(name));
        release(key);
        awaitStatus(name, "exited", Duration.ofSeconds(20));
        assertEquals("137", inspectF(name, "{{.State.ExitCode}}"));
        assertEquals("unhealthy", inspectF(name, "{{.State.Health.Status}}"));
        isula.ok("rm", name);
    }

    @Test
    void noHealthcheckAndTheProbeTimeout() {
        String none = uniqueName("nocheck");
        runDetached(none, List.of("--no-healthcheck"), "sleep", "300");
        assertTrue(psStatus(none).startsWith("Up") && !psStatus(none).contains("("), psStatus(none));
        String slow = uniqueName("slowcheck");
        runDetached(slow, List.of("--health-cmd", "sleep 5", "--health-interval", "1s", "--health-timeout", "1s",
                "--health-retries", "1"), "sleep", "300");
        Poll.until(Duration.ofSeconds(20), slow + " to be unhealthy by timeout", () -> psStatus(slow).endsWith("(unhealthy)"),
                () -> psStatus(slow));
        JsonNode log = Json.parse(inspectF(slow, "{{json .State.Health.Log}}"), slow);
        assertTrue(log.get(0).path("Output").asText().contains("exceeded timeout"), log::toString);
        isula.ok("rm", "-f", none, slow);
    }
}
