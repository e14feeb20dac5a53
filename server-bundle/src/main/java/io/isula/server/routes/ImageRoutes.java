package io.isula.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.RegistryAuth;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.QueryParams;
import io.isula.server.http.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The image half of the Docker Engine API: list, inspect, history, remove, prune, tag, pull/import, load, export, auth. */
final class ImageRoutes {
    private final ImageEngine engine;
    private final JsonCodec json;

    ImageRoutes(ImageEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.GET, "/images/json", this::list)
                .add(HttpMethod.GET, "/images/{name*}/json", this::inspect)
                .add(HttpMethod.GET, "/images/{name*}/history",
                        (request, exchange) -> exchange.sendJson(200, engine.imageHistory(request.param("name"))))
                .add(HttpMethod.DELETE, "/images/{name*}", this::remove)
                .add(HttpMethod.POST, "/images/{name*}/tag", this::tag)
                .addLasting(HttpMethod.POST, "/images/prune", this::prune)
                .addStreaming(HttpMethod.POST, "/images/create", this::create)
                .addStreaming(HttpMethod.POST, "/images/load", this::load)
                .addLasting(HttpMethod.GET, "/containers/{id}/export", this::export)
                .add(HttpMethod.POST, "/auth", this::login)
                .add(HttpMethod.POST, "/auth/logout", this::logout);
    }

    private void list(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.images(DockerFilters.parse(request.query().get("filters"), json)));
    }

    private void inspect(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.inspectImage(request.param("name")));
    }

    private void remove(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.removeImage(request.param("name"), request.query().bool("force")));
    }

    private void prune(ApiRequest request, HttpExchange exchange) {
        exchange.sendJson(200, engine.pruneImages(DockerFilters.parse(request.query().get("filters"), json)));
    }

    private void tag(ApiRequest request, HttpExchange exchange) {
        QueryParams q = request.query();
        String repo = q.get("repo", null);
        if (repo == null || repo.isBlank()) {
            throw ApiException.badRequest("repository name must have at least one component");
        }
        String tag = q.get("tag", null);
        engine.tag(request.param("name"), tag == null || tag.isBlank() ? repo : repo + ":" + tag);
        exchange.sendEmpty(201);
    }

    /** Pull ({@code fromImage}) or import ({@code fromSrc=-} with the rootfs tar as body). */
    private void create(ApiRequest request, HttpExchange exchange) {
        QueryParams q = request.query();
        String fromImage = q.get("fromImage", null);
        String fromSrc = q.get("fromSrc", null);
        String tag = q.get("tag", null);
        ProgressStream progress = new ProgressStream(exchange, json);
        if (fromImage != null && !fromImage.isBlank()) {
            String reference = withTag(fromImage, tag);
            try {
                String id = engine.pull(reference, registryAuth(request), progress);
                // Docker's "aux" member carries a result the progress lines do not: the image id
                progress.write(Map.of("aux", Map.of("ID", id)));
                progress.end();
            } catch (RuntimeException e) {
                progress.fail(e);
            }
            return;
        }
        if (!"-".equals(fromSrc)) {
            throw ApiException.badRequest(fromSrc == null ? "fromImage or fromSrc=- is required"
                    : "importing from a URL is not supported: send the tarball as the request body with fromSrc=-");
        }
        String repo = q.get("repo", null);
        String id = engine.importImage(request.bodyStream(), repo == null || repo.isBlank() ? null : withTag(repo, tag));
        progress.write(Map.of("status", id));
        progress.end();
    }

    private void load(ApiRequest request, HttpExchange exchange) {
        String type = request.query().get("type", null);
        if (type != null && !type.isEmpty() && !type.equals("oci") && !type.equals("docker")) {
            // isula's load -t embedded: the manifest is named by its path on this host, not uploaded
            List<String> names = engine.loadFromPath(type, request.query().get("path", null));
            exchange.sendJson(200, Map.of("Loaded", names));
            return;
        }
        ProgressStream progress = new ProgressStream(exchange, json);
        String tag = request.query().get("tag", null);
        try {
            List<String> names = engine.load(request.bodyStream(), tag, progress);
            for (String name : names) {
                progress.write(Map.of("stream", "Loaded image: " + name + "\n"));
            }
            progress.end();
        } catch (RuntimeException e) {
            progress.fail(e);
        }
    }

    private void export(ApiRequest request, HttpExchange exchange) {
        String ref = request.param("id");
        ChunkedOutput out = new ChunkedOutput(exchange);
        // a failure after the status line went out cuts the connection (HttpExchange), so the tar ends early
        engine.export(ref, out);
        out.close();
    }

    private void login(ApiRequest request, HttpExchange exchange) {
        AuthBody body = json.read(request.body(), AuthBody.class, "request body");
        if (body == null) {
            throw ApiException.badRequest("login needs a JSON body with username, password and serveraddress");
        }
        String status = engine.login(new RegistryAuth(body.username(), body.password(), body.serveraddress()));
        exchange.sendJson(200, Map.of("Status", status, "IdentityToken", ""));
    }

    private void logout(ApiRequest request, HttpExchange exchange) {
        String server = request.query().get("serveraddress", null);
        if (server == null && request.hasBody()) {
            AuthBody body = json.read(request.body(), AuthBody.class, "request body");
            server = body == null ? null : body.serveraddress();
        }
        engine.logout(server);
        exchange.sendEmpty(204);
    }

    record AuthBody(String username, String password, String serveraddress, String email) {
    }

    private static String withTag(String image, String tag) {
        if (tag == null || tag.isBlank()) {
            return image;
        }
        return tag.startsWith("sha256:") ? image + "@" + tag : image + ":" + tag;
    }

    /** Docker's {@code X-Registry-Auth}: base64url JSON of username, password, serveraddress. */
    private RegistryAuth registryAuth(ApiRequest request) {
        String header = request.headers().get("X-Registry-Auth");
        if (header == null || header.isBlank()) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("X-Registry-Auth is not base64: " + e.getMessage());
        }
        JsonNode node = json.readTree(new String(decoded, StandardCharsets.UTF_8), "X-Registry-Auth");
        String user = node.path("username").asText(null);
        if (user == null || user.isEmpty()) {
            return null;
        }
        return new RegistryAuth(user, node.path("password").asText(null), node.path("serveraddress").asText(null));
    }

    /** A tar (or any byte stream) as a chunked response, started by its first write. */
    private static final class ChunkedOutput extends OutputStream {
        private final HttpExchange exchange;
        private ChunkedStream stream;

        ChunkedOutput(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            if (stream == null) {
                stream = exchange.startStream(200, "application/x-tar");
            }
            if (!stream.write(Unpooled.copiedBuffer(b, off, len))) {
                throw new IOException("the client went away during the export");
            }
        }

        @Override
        public void close() {
            if (stream == null) {
                stream = exchange.startStream(200, "application/x-tar");
            }
            stream.end();
        }
    }
}
