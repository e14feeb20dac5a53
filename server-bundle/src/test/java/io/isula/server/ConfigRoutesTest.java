package io.isula.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Docker's routes for pause, unpause, rename, update and volumes. */
class ConfigRoutesTest extends ServerOnFakeEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pauseUnpauseRename() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        assertEquals(204, call("POST", "/v1.43/containers/web/pause", null).status());
        assertEquals(204, call("POST", "/containers/web/unpause", null).status());
        assertEquals(204, call("POST", "/containers/web/rename?name=api", null).status());
        assertEquals(400, call("POST", "/containers/web/rename", null).status());
        assertEquals(404, call("POST", "/containers/nope/pause", null).status());
        assertEquals(List.of("pause web", "unpause web", "rename web api"), engine.calls);
    }

    @Test
    void updateReadsDockersUpdateConfig() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        var r = call("POST", "/containers/web/update", "{\"Memory\":67108864,\"MemorySwap\":0,\"CpuShares\":0,"
                + "\"PidsLimit\":null,\"RestartPolicy\":{\"Name\":\"\",\"MaximumRetryCount\":0},\"Ulimits\":null}");
        assertEquals(200, r.status(), () -> new String(r.body()));
        assertTrue(JSON.readTree(r.body()).has("Warnings"));
        assertEquals(67108864L, engine.updates.get(0).memory());
        assertEquals(400, call("POST", "/containers/web/update", null).status());
        assertEquals(400, call("POST", "/containers/web/update", "{\"Memory\":\"lots\"}").status());
    }

    @Test
    void volumes() throws Exception {
        engine.volumeNames.addAll(List.of("data", "cache"));
        JsonNode list = JSON.readTree(call("GET", "/volumes", null).body());
        assertEquals(2, list.get("Volumes").size());
        assertEquals("local", list.get("Volumes").get(0).get("Driver").asText());
        assertEquals("data", JSON.readTree(call("GET", "/volumes/data", null).body()).get("Name").asText());
        assertEquals(404, call("GET", "/volumes/none", null).status());
        assertEquals(204, call("DELETE", "/volumes/data", null).status());
        assertEquals(404, call("DELETE", "/volumes/data", null).status());
        JsonNode pruned = JSON.readTree(call("POST", "/volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D", null)
                .body());
        assertEquals("cache", pruned.get("VolumesDeleted").get(0).asText());
        assertEquals(42, pruned.get("SpaceReclaimed").asLong());
        assertEquals(Map.of("all", List.of("true")), engine.pruneFilters);
        assertEquals(0, JSON.readTree(call("GET", "/volumes", null).body()).get("Volumes").size());
    }
}
