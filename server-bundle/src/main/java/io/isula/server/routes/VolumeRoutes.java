package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.Volume;
import io.isula.core.api.VolumeCreate;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.HttpMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /volumes}, {@code POST /volumes/create}, {@code GET|DELETE /volumes/{name}}, {@code POST /volumes/prune}:
 * local volumes.
 */
final class VolumeRoutes {
    private final ContainerEngine engine;
    private final JsonCodec json;

    VolumeRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.GET, "/volumes", this::list)
                .add(HttpMethod.POST, "/volumes/create", this::create)
                .add(HttpMethod.POST, "/volumes/prune", this::prune)
                .add(HttpMethod.GET, "/volumes/{name}", this::inspect)
                .add(HttpMethod.DELETE, "/volumes/{name}", this::remove);
    }

    private void list(ApiRequest request, HttpExchange exchange) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Volumes", engine.volumes(DockerFilters.parse(request.query().get("filters"), json)));
        answer.put("Warnings", List.of());
        exchange.sendJson(200, answer);
    }

    private void create(ApiRequest request, HttpExchange exchange) {
        VolumeCreate body = request.hasBody() ? json.read(request.body(), VolumeCreate.class, "request body") : null;
        exchange.sendJson(201, engine.createVolume(body == null ? new VolumeCreate(null, null, null, null) : body));
    }

    private void inspect(ApiRequest request, HttpExchange exchange) {
        String name = request.param("name");
        Volume v = engine.volumes().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> EngineException.notFound("No such volume: " + name));
        exchange.sendJson(200, v);
    }

    private void remove(ApiRequest request, HttpExchange exchange) {
        engine.removeVolume(request.param("name"));
        exchange.sendEmpty(204);
    }

    private void prune(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.pruneVolumes(DockerFilters.parse(request.query().get("filters"), json)));
    }
}
