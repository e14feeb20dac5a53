package io.isula.server.routes;

import io.isula.core.api.ProgressUpdate;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.netty.buffer.Unpooled;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Docker's JSON progress stream ({@code POST /images/create}, {@code /images/load}): one JSON object per line.
 * The status line goes out with the first message, so a failure before any progress is still a plain HTTP error.
 */
final class ProgressStream implements Consumer<ProgressUpdate> {
    private static final byte[] NEWLINE = {'\n'};

    private final HttpExchange exchange;
    private final JsonCodec json;
    private ChunkedStream stream;

    ProgressStream(HttpExchange exchange, JsonCodec json) {
        this.exchange = exchange;
        this.json = json;
    }

    @Override
    public synchronized void accept(ProgressUpdate update) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", update.status());
        if (update.current() >= 0 || update.total() >= 0) {
            Map<String, Object> detail = new LinkedHashMap<>();
            if (update.current() >= 0) {
                detail.put("current", update.current());
            }
            if (update.total() >= 0) {
                detail.put("total", update.total());
            }
            line.put("progressDetail", detail);
        }
        if (update.id() != null) {
            line.put("id", update.id());
        }
        write(line);
    }

    synchronized void write(Map<String, ?> line) {
        if (stream == null) {
            stream = exchange.startStream(200, "application/json");
        }
        stream.offer(Unpooled.wrappedBuffer(json.write(line), NEWLINE));
    }

    synchronized boolean started() {
        return stream != null;
    }

    /** Ends the stream with {@code error} in Docker's shape, or rethrows it when nothing was sent yet. */
    synchronized void fail(RuntimeException error) {
        if (stream == null) {
            throw error;
        }
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        write(Map.of("errorDetail", Map.of("message", message), "error", message));
        stream.end();
    }

    synchronized void end() {
        if (stream == null) {
            stream = exchange.startStream(200, "application/json");
        }
        stream.end();
    }
}
