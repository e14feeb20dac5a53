package io.isula.server.routes;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.ListOptions;
import io.isula.core.util.Signals;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.QueryParams;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;

/** Container life cycle and queries: create, start, stop, kill, restart, remove, prune, list, inspect, changes. */
final class ContainerRoutes {
    private final ContainerEngine engine;
    private final JsonCodec json;

    ContainerRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.POST, "/containers/create", this::create)
                .add(HttpMethod.GET, "/containers/json", this::list)
                .add(HttpMethod.GET, "/containers/{id}/json", this::inspect)
                .add(HttpMethod.GET, "/containers/{id}/changes",
                        (request, exchange) -> exchange.sendJson(200, engine.changes(request.param("id"))))
                .add(HttpMethod.POST, "/containers/{id}/start", this::start)
                .add(HttpMethod.POST, "/containers/{id}/stop", this::stop)
                .add(HttpMethod.POST, "/containers/{id}/kill", this::kill)
                .add(HttpMethod.POST, "/containers/{id}/restart", this::restart)
                .add(HttpMethod.DELETE, "/containers/{id}", this::remove)
                .addLasting(HttpMethod.POST, "/containers/prune", this::prune);
    }

    private void create(ApiRequest request, HttpExchange exchange) {
        if (!request.hasBody()) {
            throw ApiException.badRequest("config cannot be empty in order to create a container");
        }
        ContainerConfig config = json.read(request.body(), ContainerConfig.class, "request body");
        if (config == null) {
            throw ApiException.badRequest("config cannot be empty in order to create a container");
        }
        String name = request.query().get("name", null);
        String id = engine.create(new CreateRequest(name, config));
        exchange.sendJson(201, Map.of("Id", id, "Warnings", List.of()));
    }

    private void list(ApiRequest request, HttpExchange exchange) {
        QueryParams q = request.query();
        int limit = q.integer("limit", -1);
        // as Docker: asking for the newest N includes stopped containers
        boolean all = q.bool("all") || limit > 0;
        var filters = DockerFilters.parse(q.get("filters"), json);
        exchange.sendJson(200, engine.list(new ListOptions(all, Math.max(limit, 0), filters)));
    }

    private void inspect(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.inspect(request.param("id")));
    }

    private void start(ApiRequest request, HttpExchange exchange) {
        engine.start(request.param("id"));
        exchange.sendEmpty(204);
    }

    private void stop(ApiRequest request, HttpExchange exchange) {
        engine.stop(request.param("id"), timeout(request.query()));
        exchange.sendEmpty(204);
    }

    private void kill(ApiRequest request, HttpExchange exchange) {
        String signal = request.query().get("signal", null);
        if (signal != null) {
            try {
                Signals.parse(signal);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        engine.kill(request.param("id"), signal);
        exchange.sendEmpty(204);
    }

    private void restart(ApiRequest request, HttpExchange exchange) {
        engine.restart(request.param("id"), timeout(request.query()));
        exchange.sendEmpty(204);
    }

    private void remove(ApiRequest request, HttpExchange exchange) {
        engine.remove(request.param("id"), request.query().bool("force"), request.query().bool("v"));
        exchange.sendEmpty(204);
    }

    private void prune(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.pruneContainers(DockerFilters.parse(request.query().get("filters"), json)));
    }

    /** Docker's {@code t}, or {@code timeout}; absent: the engine's default. */
    private static int timeout(QueryParams q) {
        return q.has("t") ? q.integer("t", -1) : q.integer("timeout", -1);
    }
}
