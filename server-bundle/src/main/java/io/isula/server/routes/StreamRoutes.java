package io.isula.server.routes;

import io.isula.core.api.AttachOptions;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.StdioStream;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.HijackedConnection;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.QueryParams;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Talking to processes: {@code POST /containers/{id}/attach}, {@code POST /containers/{id}/exec},
 * {@code POST /exec/{id}/start}, {@code GET /exec/{id}/json}, and the two {@code resize}s. Attach and exec start
 * hijack the connection (Docker's raw stream: {@code Upgrade: tcp} / 101, or a plain 200); no worker thread is held
 * while a session lasts.
 */
final class StreamRoutes {
    private final ContainerEngine engine;
    private final JsonCodec json;

    StreamRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/attach", this::attach)
                .add(HttpMethod.POST, "/containers/{id}/resize", this::resize)
                .add(HttpMethod.POST, "/containers/{id}/exec", this::execCreate)
                .add(HttpMethod.POST, "/exec/{id}/start", this::execStart)
                .add(HttpMethod.POST, "/exec/{id}/resize", this::execResize)
                .add(HttpMethod.GET, "/exec/{id}/json", this::execInspect);
    }

    private void attach(ApiRequest request, HttpExchange exchange) {
        QueryParams q = request.query();
        if (!q.bool("stream") && !q.bool("logs")) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        String ref = request.param("id");
        ContainerDetails c = engine.inspect(ref);
        boolean tty = c.config() != null && c.config().tty();
        AttachOptions options = new AttachOptions(q.bool("stdin"), q.bool("stdout"), q.bool("stderr"),
                q.get("detachKeys", null));
        HijackedConnection connection = exchange.hijack();
        HijackedSink sink = new HijackedSink(connection, !tty);
        StdioStream stream;
        try {
            stream = engine.attach(ref, options, sink);
        } catch (RuntimeException e) {
            connection.abandon();
            throw e;
        }
        connection.upgrade(wantsUpgrade(request), HijackedSink.contentType(tty), new StreamInput(stream));
    }

    private void resize(ApiRequest request, HttpExchange exchange) {
        engine.resize(request.param("id"), size(request.query(), "h"), size(request.query(), "w"));
        exchange.sendEmpty(200);
    }

    private void execCreate(ApiRequest request, HttpExchange exchange) {
        if (!request.hasBody()) {
            throw ApiException.badRequest("exec config cannot be empty");
        }
        ExecConfig config = json.read(request.body(), ExecConfig.class, "request body");
        if (config == null) {
            throw ApiException.badRequest("exec config cannot be empty");
        }
        String id = engine.execCreate(request.param("id"), config);
        exchange.sendJson(201, Map.of("Id", id));
    }

    /** Body {@code {"Detach": bool, "Tty": bool, "ConsoleSize": [h, w]}}. */
    private void execStart(ApiRequest request, HttpExchange exchange) {
        StartBody body = request.hasBody() ? json.read(request.body(), StartBody.class, "request body") : null;
        String execId = request.param("id");
        ExecDetails exec = engine.execInspect(execId);
        if (body != null && body.detach()) {
            engine.execStart(execId, null);
            exchange.sendEmpty(200);
            return;
        }
        boolean tty = exec.processConfig() != null && exec.processConfig().tty();
        HijackedConnection connection = exchange.hijack();
        HijackedSink sink = new HijackedSink(connection, !tty);
        StdioStream stream = null;
        try {
            stream = engine.execStart(execId, sink);
        } catch (RuntimeException e) {
            // as Docker: the stream is already promised; the error goes into it and the exit code is recorded
            sink.error(e.getMessage());
            connection.upgrade(wantsUpgrade(request), HijackedSink.contentType(tty), StreamInput.NONE);
            connection.close();
            return;
        }
        connection.upgrade(wantsUpgrade(request), HijackedSink.contentType(tty), new StreamInput(stream));
        if (body != null && body.consoleSize() != null && body.consoleSize().size() == 2 && tty) {
            try {
                stream.resize(body.consoleSize().get(0), body.consoleSize().get(1));
            } catch (RuntimeException ignored) {
                // the process may be gone already; the size was a courtesy
            }
        }
    }

    private void execResize(ApiRequest request, HttpExchange exchange) {
        engine.execResize(request.param("id"), size(request.query(), "h"), size(request.query(), "w"));
        exchange.sendEmpty(200);
    }

    private void execInspect(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.execInspect(request.param("id")));
    }

    private static boolean wantsUpgrade(ApiRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("tcp");
    }

    private static int size(QueryParams q, String name) {
        int v = q.integer(name, -1);
        if (v <= 0 || v > 0xffff) {
            throw ApiException.badRequest("invalid terminal " + (name.equals("h") ? "height" : "width") + ": "
                    + q.get(name, ""));
        }
        return v;
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record StartBody(@com.fasterxml.jackson.annotation.JsonProperty("Detach") boolean detach,
                     @com.fasterxml.jackson.annotation.JsonProperty("Tty") boolean tty,
                     @com.fasterxml.jackson.annotation.JsonProperty("ConsoleSize") List<Integer> consoleSize) {
    }

    /** The client's bytes to the process; its half-close ends the process's input, its going away detaches. */
    private record StreamInput(StdioStream stream) implements HijackedConnection.Input {
        static final HijackedConnection.Input NONE = new HijackedConnection.Input() {
            @Override
            public void data(byte[] bytes) {
            }

            @Override
            public void end() {
            }

            @Override
            public void closed() {
            }
        };

        @Override
        public void data(byte[] bytes) {
            stream.write(bytes, 0, bytes.length);
        }

        @Override
        public void end() {
            stream.closeStdin();
        }

        @Override
        public void closed() {
            stream.close();
        }
    }
}
