package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerUpdate;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.HttpMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Container configuration after create: pause, unpause, rename, update (Docker's paths and answers). */
final class ConfigRoutes {
    private final ContainerEngine engine;
    private final JsonCodec json;

    ConfigRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/pause", this::pause)
                .add(HttpMethod.POST, "/containers/{id}/unpause", this::unpause)
                .add(HttpMethod.POST, "/containers/{id}/rename", this::rename)
                .add(HttpMethod.POST, "/containers/{id}/update", this::update);
    }

    private void pause(ApiRequest request, HttpExchange exchange) {
        engine.pause(request.param("id"));
        exchange.sendEmpty(204);
    }

    private void unpause(ApiRequest request, HttpExchange exchange) {
        engine.unpause(request.param("id"));
        exchange.sendEmpty(204);
    }

    private void rename(ApiRequest request, HttpExchange exchange) {
        String name = request.query().get("name");
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("new name is required (query parameter name)");
        }
        engine.rename(request.param("id"), name);
        exchange.sendEmpty(204);
    }

    private void update(ApiRequest request, HttpExchange exchange) {
        if (!request.hasBody()) {
            throw ApiException.badRequest("update config is required in the request body");
        }
        ContainerUpdate update = json.read(request.body(), ContainerUpdate.class, "request body");
        List<String> warnings = engine.update(request.param("id"), update);
        Map<String, Object> answer = new HashMap<>();
        answer.put("Warnings", warnings.isEmpty() ? null : warnings);
        exchange.sendJson(200, answer);
    }
}
