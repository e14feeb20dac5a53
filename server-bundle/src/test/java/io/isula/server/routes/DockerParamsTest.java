package io.isula.server.routes;

import io.isula.server.http.ApiException;
import io.isula.server.http.JsonCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DockerParamsTest {
    private final JsonCodec json = new JsonCodec();

    @Test
    void filtersInBothForms() {
        assertEquals(Map.of("name", List.of("x", "y")), DockerFilters.parse("{\"name\":[\"x\",\"y\"]}", json));
        assertEquals(Map.of("name", List.of("x")), DockerFilters.parse("{\"name\":{\"x\":true,\"z\":false}}", json));
        assertEquals(Map.of(), DockerFilters.parse(null, json));
        assertEquals(Map.of(), DockerFilters.parse("", json));
    }

    @Test
    void badFiltersAre400() {
        for (String bad : List.of("{", "[]", "{\"name\":\"x\"}", "{\"name\":[1]}")) {
            assertEquals(400, assertThrows(ApiException.class, () -> DockerFilters.parse(bad, json)).status(), bad);
        }
    }

    @Test
    void timesAsDockerSendsThem() {
        assertEquals(Instant.ofEpochSecond(1700000000), DockerTimes.parse("1700000000", "since"));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), DockerTimes.parse("1700000000.5", "since"));
        assertEquals(Instant.ofEpochSecond(1700000000, 123_456_789), DockerTimes.parse("1700000000.123456789", "since"));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), DockerTimes.parse("2024-01-02T03:04:05Z", "since"));
        assertNull(DockerTimes.parse("", "since"));
        assertEquals(400, assertThrows(ApiException.class, () -> DockerTimes.parse("yesterday", "until")).status());
    }
}
