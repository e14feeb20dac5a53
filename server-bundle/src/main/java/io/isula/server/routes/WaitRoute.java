package io.isula.server.routes;

import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /containers/{id}/wait}. As Docker, the status line and headers go out at once and the body
 * ({@code {"StatusCode":N,"Error":null}}) when the container is done, so clients know the wait has begun.
 */
final class WaitRoute {
    private final ContainerEngine engine;
    private final ContainerWaiter waiter;
    private final JsonCodec json;

    WaitRoute(ContainerEngine engine, ContainerWaiter waiter, JsonCodec json) {
        this.engine = engine;
        this.waiter = waiter;
        this.json = json;
    }

    void register(Router router) {
        router.addLasting(HttpMethod.POST, "/containers/{id}/wait", this::await);
    }

    private void await(ApiRequest request, HttpExchange exchange) throws Exception {
        String conditionName = request.query().get("condition");
        ContainerWaiter.Condition condition = ContainerWaiter.Condition.of(conditionName);
        if (condition == null) {
            throw ApiException.badRequest("invalid condition: " + conditionName);
        }
        ContainerDetails container = engine.inspect(request.param("id"));
        String id = container.id() != null ? container.id() : request.param("id");

        exchange.interruptOnDisconnect();
        ChunkedStream stream = exchange.startStream(200, "application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            body.put("StatusCode", waiter.await(id, condition));
            body.put("Error", null);
        } catch (InterruptedException e) {
            stream.end();
            return;
        } catch (RuntimeException e) {
            body.put("StatusCode", -1);
            body.put("Error", Map.of("Message", String.valueOf(e.getMessage())));
        }
        stream.write(Unpooled.wrappedBuffer(json.write(body), "\n".getBytes(StandardCharsets.US_ASCII)));
        stream.end();
    }
}
