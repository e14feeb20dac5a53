package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStats;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.QueryParams;
import io.isula.server.http.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;

/**
 * {@code GET /containers/{id}/top?ps_args=} and {@code GET /containers/{id}/stats?stream=&one-shot=}: with
 * {@code stream} (Docker's default) a reading every second until the client leaves; without it one reading, taken a
 * second after a first one so that it carries CPU use ({@code precpu_stats}), or at once with {@code one-shot}.
 */
final class TopStatsRoutes {
    private static final long INTERVAL_MILLIS = 1000;
    private static final byte[] NEWLINE = {'\n'};

    private final ContainerEngine engine;
    private final JsonCodec json;

    TopStatsRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.GET, "/containers/{id}/top", this::top)
                .addLasting(HttpMethod.GET, "/containers/{id}/stats", this::stats);
    }

    private void top(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.top(request.param("id"), request.query().get("ps_args", null)));
    }

    private void stats(ApiRequest request, HttpExchange exchange) throws InterruptedException {
        QueryParams q = request.query();
        String ref = request.param("id");
        boolean stream = !q.has("stream") || q.bool("stream");
        ContainerStats first = engine.stats(ref);
        if (!stream) {
            if (q.bool("one-shot")) {
                exchange.sendJson(200, DockerStats.of(first, null));
                return;
            }
            exchange.interruptOnDisconnect();
            Thread.sleep(INTERVAL_MILLIS);
            exchange.sendJson(200, DockerStats.of(engine.stats(ref), first));
            return;
        }
        exchange.interruptOnDisconnect();
        ChunkedStream out = exchange.startStream(200, "application/json");
        try {
            ContainerStats before = null;
            ContainerStats now = first;
            while (out.write(Unpooled.wrappedBuffer(json.write(DockerStats.of(now, before)), NEWLINE))) {
                Thread.sleep(INTERVAL_MILLIS);
                before = now;
                try {
                    now = engine.stats(ref);
                } catch (RuntimeException stopped) {
                    break; // the container stopped: the stream ends, as Docker's does
                }
            }
        } finally {
            out.end();
        }
    }
}
