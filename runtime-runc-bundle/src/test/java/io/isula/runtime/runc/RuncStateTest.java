package io.isula.runtime.runc;

import io.isula.core.util.conmon.ContainerExit;

import io.isula.core.api.ContainerStatus;
import io.isula.core.spi.RuntimeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuncStateTest {
    private static final String RUNNING = """
            {
              "ociVersion": "1.0.2-dev",
              "id": "c1",
              "pid": 4242,
              "status": "running",
              "bundle": "/var/lib/isulad/engines/runc/c1",
              "rootfs": "/var/lib/isulad/engines/runc/c1/rootfs",
              "created": "2026-11-27T23:45:12.378312993Z",
              "owner": "",
              "annotations": {"a": "b"}
            }""";

    @Test
    void parsesRuncStateAndIgnoresUnknownKeys() {
        RuncState s = RuncState.parse(RUNNING);
        assertEquals("c1", s.id());
        assertEquals(4242, s.pid());
        assertEquals("running", s.status());
        assertEquals("/var/lib/isulad/engines/runc/c1", s.bundle());
    }

    @ParameterizedTest
    @CsvSource({"created,INITED,7", "running,RUNNING,7", "paused,PAUSED,7", "stopped,EXITED,0", "weird,UNKNOWN,7"})
    void mapsRuncStatus(String runc, ContainerStatus expected, int expectedPid) {
        RuntimeStatus st = new RuncState("c", 7, runc, "/b").toStatus(Optional.empty());
        assertEquals(expected, st.status());
        assertEquals(expectedPid, st.pid());
        assertEquals(-1, st.exitCode());
    }

    @Test
    void exitFileWinsOverARuncStateThatLagsBehind() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        RuntimeStatus st = new RuncState("c", 7, "running", "/b").toStatus(Optional.of(new ContainerExit(143, at)));
        assertEquals(new RuntimeStatus(ContainerStatus.EXITED, 0, 143, at), st);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"id\":\"c\"}", "[1,2]", "{\"status\": \"running\", \"pid\": \"x\"}"})
    void rejectsBadState(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuncState.parse(json));
        assertTrue(e.getMessage().contains("runc state"), e.getMessage());
    }
}
