package io.isula.cli.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerState;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.HostConfig;
import io.isula.core.api.VersionInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand mapping against the daemon's side of the wire: Jackson with the records' annotations. */
class ApiJsonTest {
    private final ObjectMapper jackson = new ObjectMapper();

    private static final ContainerConfig CONFIG = new ContainerConfig("h", "1000:1000", List.of("A=1", "B=\"2\""),
            List.of("sh", "-c", "echo é"), List.of("/init"), "busybox", "/w", Map.of("k", "v"), true, false, "SIGTERM",
            new HostConfig("runc", true, "/srv/rootfs", "host", new HostConfig.RestartPolicy("on-failure", 3))
                    .withLogConfig(new HostConfig.LogConfig("json-file", Map.of("max-size", "10k"))));

    @Test
    void createBodyIsWhatJacksonWrites() throws Exception {
        assertEquals(jackson.writeValueAsString(CONFIG), MiniJson.write(ApiJson.tree(CONFIG)));
        ContainerConfig sparse = ContainerConfig.builder().image("none")
                .hostConfig(new HostConfig(null, false, "/r", null, null)).build();
        assertEquals(jackson.writeValueAsString(sparse), MiniJson.write(ApiJson.tree(sparse)));
    }

    @Test
    void configRoundTrip() throws Exception {
        assertEquals(CONFIG, ApiJson.config(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(CONFIG)), "c")));
        // Cmd and Entrypoint accept a single string, as the records' @JsonFormat says
        ContainerConfig c = ApiJson.config(ApiJson.asObject(MiniJson.parse("{\"Cmd\":\"true\",\"Entrypoint\":null}"), "c"));
        assertEquals(List.of("true"), c.cmd());
        assertNull(c.entrypoint());
    }

    @Test
    void detailsAsTheDaemonSendsThem() throws Exception {
        ContainerDetails d = new ContainerDetails("abc", "2024-01-01T00:00:00Z", "sh", List.of("-c", "true"),
                new ContainerState(ContainerStatus.EXITED, false, false, false, false, false, 0, 3, null, "s", "f"),
                "busybox", "oci", null, null, null, "/log", "/web", 2, "overlay", "linux", null,
                new HostConfig("runc", false, null, null, null), CONFIG.withoutHostConfig(),
                List.of(Map.of("Type", "bind")), Map.of("IPAddress", ""));
        String wire = jackson.writeValueAsString(d);
        assertEquals(wire, MiniJson.write(ApiJson.tree(d)));
        assertEquals(d, ApiJson.details(ApiJson.asObject(MiniJson.parse(wire), "d")));
    }

    @Test
    void summariesIgnoreUnknownKeys() throws Exception {
        ContainerSummary s = new ContainerSummary("id", List.of("/web"), "busybox", "sha256:1", "sh", 5,
                ContainerStatus.RUNNING, "Up", List.of(Map.of("PrivatePort", 80L)), Map.of("a", "b"), 7, 0, 1, "t0", "t1", "runc");
        String wire = jackson.writeValueAsString(List.of(s)).replace("{\"Id\"", "{\"Future\":{\"x\":[1]},\"Id\"");
        List<ContainerSummary> got = ApiJson.summaries(MiniJson.parse(wire));
        assertEquals(List.of(s), got);
        assertEquals(ContainerStatus.INITED, ApiJson.summary(ApiJson.asObject(MiniJson.parse("{\"State\":\"created\"}"), "s")).state());
    }

    @Test
    void infoVersionEvent() throws Exception {
        EngineInfo i = new EngineInfo("id", 3, 1, 0, 2, 4, "overlay2", "json-file", "cgroupfs", "2", "6.1",
                "Debian", "linux", "x86_64", 8, 1L << 34, "host", "0.1.0", "/var/lib/isulad", "", "", "", "runc",
                Map.of("runc", new EngineInfo.RuntimeEntry("runc")), List.of("oci"));
        assertEquals(i, ApiJson.info(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(i)), "i")));
        VersionInfo v = new VersionInfo("1", "1.43", "1.24", "c", "17", "linux", "amd64", "6.1", "t");
        assertEquals(v, ApiJson.version(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(v)), "v")));
        EngineEvent e = new EngineEvent("container", "die", new EngineEvent.Actor("id", Map.of("exitCode", "0")), 5, 5_000_000_000L);
        assertEquals(e, ApiJson.event(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(e)), "e")));
    }

    @Test
    void coercionsAndShapeErrors() {
        Map<String, Object> m = ApiJson.asObject(MiniJson.parse(
                "{\"Pid\":\"12\",\"Image\":7,\"Tty\":\"true\",\"Env\":[1,true],\"Names\":{}}"), "m");
        assertEquals(12, ApiJson.num(m, "Pid"));
        assertEquals("7", ApiJson.str(m, "Image"));
        assertTrue(ApiJson.bool(m, "Tty"));
        assertEquals(List.of("1", "true"), ApiJson.strings(m, "Env"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiJson.strings(m, "Names"));
        assertEquals("expected a list of strings for Names, got an object", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiJson.summaries(MiniJson.parse("{}")));
    }
}
