package io.isula.core.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = """
            {"id":"c1","init_process_pid":42,"init_process_start":9001,"intel_rdt_path":null,
             "cgroup_paths":{"memory":"/sys/fs/cgroup/memory/isulad/c1","pids":"/sys/fs/cgroup/pids/isulad/c1"},
             "config":{"seccomp":{"syscalls":[{"names":["read","write"],"action":2147418112}]},
                       "namespaces":[{"type":"NEWPID","path":""},{"type":"NEWNET","path":""}],
                       "Hooks":{"poststop":[]},"cgroups":{"Systemd":false,"Resources":{"Memory":0}},
                       "labels":["bundle=/x"]},
             "tail":[1,{"config":{"namespaces":"not this one"}}]}
            """;

    private static JsonNode pick(String json, String... paths) throws IOException {
        return JsonFields.pick(JSON, json.getBytes(StandardCharsets.UTF_8), List.of(paths));
    }

    @Test
    void keepsTheSubtreesAtThePathsAndNothingElse() throws IOException {
        JsonNode picked = pick(STATE, "init_process_pid", "cgroup_paths", "config/namespaces", "config/cgroups/Systemd",
                "intel_rdt_path");
        JsonNode whole = JSON.readTree(STATE);
        assertEquals(whole.path("cgroup_paths"), picked.path("cgroup_paths"));
        assertEquals(whole.path("config").path("namespaces"), picked.path("config").path("namespaces"));
        assertEquals(42, picked.path("init_process_pid").asInt());
        assertEquals(false, picked.path("config").path("cgroups").path("Systemd").asBoolean(true));
        assertEquals(JSON.readTree("""
                {"init_process_pid":42,"intel_rdt_path":null,"cgroup_paths":%s,
                 "config":{"namespaces":%s,"cgroups":{"Systemd":false}}}"""
                .formatted(whole.path("cgroup_paths"), whole.path("config").path("namespaces"))), picked);
    }

    @Test
    void absentPathsAndPathsThroughNonObjectsAreLeftOut() throws IOException {
        assertEquals(JSON.createObjectNode(), pick(STATE, "nope", "id/below", "tail/config"));
        assertEquals(JSON.readTree("{\"config\":{}}"), pick(STATE, "config/missing"));
        assertEquals(JSON.createObjectNode(), pick("[1,2]", "0"));
    }

    @Test
    void malformedJsonIsAnError() {
        assertThrows(JsonProcessingException.class, () -> pick("{\"config\":{\"namespaces\":[", "config/namespaces"));
        assertThrows(JsonProcessingException.class, () -> pick("{\"a\":1,}", "b"));
    }
}
