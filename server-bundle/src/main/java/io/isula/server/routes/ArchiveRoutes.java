package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.PathStat;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Map;

/**
 * Docker's {@code /containers/{id}/archive}: {@code HEAD} describes a path ({@code X-Docker-Container-Path-Stat},
 * base64 JSON), {@code GET} sends it as a tar stream, {@code PUT} extracts a tar body into a directory.
 */
final class ArchiveRoutes {
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    private final ContainerEngine engine;
    private final JsonCodec json;

    ArchiveRoutes(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.add(HttpMethod.HEAD, "/containers/{id}/archive", this::stat)
                .addLasting(HttpMethod.GET, "/containers/{id}/archive", this::get)
                .addStreaming(HttpMethod.PUT, "/containers/{id}/archive", this::put);
    }

    private void stat(ApiRequest request, HttpExchange exchange) {
        PathStat stat = engine.statPath(request.param("id"), path(request));
        FullHttpResponse r = exchange.responses().empty(200);
        r.headers().set(STAT_HEADER, header(stat));
        exchange.send(r);
    }

    private void get(ApiRequest request, HttpExchange exchange) throws IOException {
        String ref = request.param("id");
        String path = path(request);
        PathStat stat = engine.statPath(ref, path);
        exchange.interruptOnDisconnect();
        ChunkedStream stream = exchange.startStream(200, "application/x-tar", Map.of(STAT_HEADER, header(stat)));
        try (OutputStream out = new StreamOutput(stream)) {
            engine.archive(ref, path, out);
        } finally {
            stream.end();
        }
    }

    private void put(ApiRequest request, HttpExchange exchange) {
        engine.extract(request.param("id"), path(request), request.bodyStream());
        exchange.sendEmpty(200);
    }

    private static String path(ApiRequest request) {
        String p = request.query().get("path", null);
        if (p == null || p.isEmpty()) {
            throw ApiException.badRequest("path is required");
        }
        return p;
    }

    private String header(PathStat stat) {
        return Base64.getEncoder().encodeToString(json.write(stat));
    }

    /** The tar stream into the response, 64 KiB at a time, at the client's reading pace. */
    private static final class StreamOutput extends OutputStream {
        private final ChunkedStream stream;
        private final byte[] buf = new byte[64 * 1024];
        private int used;

        StreamOutput(ChunkedStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buf.length) {
                flush();
            }
            buf[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buf.length) {
                    flush();
                }
                int n = Math.min(len, buf.length - used);
                System.arraycopy(b, off, buf, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (used > 0) {
                boolean open = stream.write(Unpooled.copiedBuffer(buf, 0, used));
                used = 0;
                if (!open) {
                    throw new IOException("the client went away");
                }
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
