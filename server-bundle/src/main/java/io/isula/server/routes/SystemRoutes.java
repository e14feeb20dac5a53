package io.isula.server.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.VersionInfo;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /system/df}. */
final class SystemRoutes {
    /** The Docker Engine API version these routes implement; clients negotiate down to it through {@code /_ping}. */
    static final String API_VERSION = "1.43";
    static final String MIN_API_VERSION = "1.24";

    private final ContainerEngine engine;
    private final JsonCodec json;
    private volatile VersionInfo version;

    SystemRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.GET, "/_ping", this::ping)
                .add(HttpMethod.HEAD, "/_ping", this::ping)
                .add(HttpMethod.GET, "/version", this::version)
                .add(HttpMethod.GET, "/info", this::info)
                .addLasting(HttpMethod.GET, "/system/df", (request, exchange) -> exchange.sendJson(200, engine.diskUsage()));
    }

    private void ping(ApiRequest request, HttpExchange exchange) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse r = head ? exchange.responses().empty(200) : exchange.responses().text(200, "OK");
        HttpHeaders h = r.headers();
        if (head) {
            h.set("Content-Type", "text/plain; charset=utf-8");
        }
        h.set("API-Version", API_VERSION);
        h.set("Docker-Experimental", "false");
        h.set("OSType", "linux");
        h.set("Server", "isulad/" + serverVersion().version());
        h.set("Cache-Control", "no-cache, no-store, must-revalidate");
        h.set("Pragma", "no-cache");
        exchange.send(r);
    }

    private void version(ApiRequest request, HttpExchange exchange) {
        VersionInfo v = serverVersion();
        ObjectNode body = json.tree(v);
        // the API version is what this server speaks, whatever the engine reports
        body.put("ApiVersion", API_VERSION);
        body.put("MinAPIVersion", MIN_API_VERSION);
        body.put("Experimental", false);
        body.putObject("Platform").put("Name", "iSulad");
        ObjectNode engineComponent = body.putArray("Components").addObject();
        engineComponent.put("Name", "Engine");
        engineComponent.put("Version", v.version());
        ObjectNode details = engineComponent.putObject("Details");
        details.put("ApiVersion", API_VERSION);
        details.put("MinAPIVersion", MIN_API_VERSION);
        details.put("GitCommit", v.gitCommit());
        details.put("GoVersion", v.runtimeVersion());
        details.put("Os", v.os());
        details.put("Arch", v.arch());
        details.put("KernelVersion", v.kernelVersion());
        details.put("BuildTime", v.buildTime());
        details.put("Experimental", "false");
        exchange.sendJson(200, body);
    }

    private void info(ApiRequest request, HttpExchange exchange) {
        ObjectNode body = json.tree(engine.info());
        // no swarm here; without this the Docker CLI prints empty swarm node fields
        body.putObject("Swarm").put("LocalNodeState", "inactive").put("ControlAvailable", false);
        exchange.sendJson(200, body);
    }

    /** Asked once: the engine's version does not change while this server runs, and ping is called often. */
    private VersionInfo serverVersion() {
        VersionInfo v = version;
        if (v == null) {
            v = engine.version();
            version = v;
        }
        return v;
    }
}
