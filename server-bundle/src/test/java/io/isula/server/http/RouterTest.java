package io.isula.server.http;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {
    private final Route list = (r, e) -> { };
    private final Route inspect = (r, e) -> { };
    private final Router router = new Router()
            .add(HttpMethod.GET, "/containers/json", list)
            .add(HttpMethod.GET, "/containers/{id}/json", inspect);

    @Test
    void matchesWithAndWithoutVersionPrefix() {
        assertEquals(list, router.match(HttpMethod.GET, "/containers/json?all=1").orElseThrow().route());
        assertEquals(list, router.match(HttpMethod.GET, "/v1.43/containers/json").orElseThrow().route());
        var m = router.match(HttpMethod.GET, "/v1.24/containers/my%2Dweb/json").orElseThrow();
        assertEquals(inspect, m.route());
        assertEquals(Map.of("id", "my-web"), m.params());
    }

    @Test
    void otherMethodsAndPathsDoNotMatch() {
        assertTrue(router.match(HttpMethod.POST, "/containers/json").isEmpty());
        assertTrue(router.match(HttpMethod.GET, "/containers//json").isEmpty());
        assertTrue(router.match(HttpMethod.GET, "/v1.43x/containers/json").isEmpty());
        assertTrue(router.match(HttpMethod.GET, "/containers/a/b/json").isEmpty());
    }

    @Test
    void aWideSegmentBindsImageNamesWithSlashes() {
        Route image = (r, e) -> { };
        Route remove = (r, e) -> { };
        Router images = new Router()
                .add(HttpMethod.GET, "/images/json", list)
                .add(HttpMethod.GET, "/images/{name*}/json", image)
                .addStreaming(HttpMethod.DELETE, "/images/{name*}", remove);
        assertEquals(list, images.match(HttpMethod.GET, "/images/json").orElseThrow().route());
        var m = images.match(HttpMethod.GET, "/v1.43/images/127.0.0.1:5000/team/app:1/json").orElseThrow();
        assertEquals(image, m.route());
        assertEquals(Map.of("name", "127.0.0.1:5000/team/app:1"), m.params());
        var d = images.match(HttpMethod.DELETE, "/images/busybox").orElseThrow();
        assertEquals(Map.of("name", "busybox"), d.params());
        assertTrue(d.streaming());
        assertTrue(images.match(HttpMethod.GET, "/images//json").isEmpty());
    }
}
