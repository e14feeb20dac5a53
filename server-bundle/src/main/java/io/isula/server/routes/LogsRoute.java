package io.isula.server.routes;

import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;
import io.isula.server.http.ApiException;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.QueryParams;
import io.isula.server.http.Router;
import io.netty.handler.codec.http.HttpMethod;
import java.lang.System.Logger.Level;

import java.time.Instant;

/** {@code GET /containers/{id}/logs}: streamed as the engine produces entries, at the client's reading pace. */
final class LogsRoute {
    private static final System.Logger LOG = System.getLogger(LogsRoute.class.getName());

    private final ContainerEngine engine;

    LogsRoute(ContainerEngine engine) {
        this.engine = engine;
    }

    void register(Router router) {
        router.addLasting(HttpMethod.GET, "/containers/{id}/logs", this::logs);
    }

    private void logs(ApiRequest request, HttpExchange exchange) {
        QueryParams q = request.query();
        boolean stdout = q.bool("stdout");
        boolean stderr = q.bool("stderr");
        if (!stdout && !stderr) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        boolean timestamps = q.bool("timestamps");
        LogOptions options = new LogOptions(q.bool("follow"), tail(q.get("tail")), timestamps, stdout, stderr);
        Instant since = DockerTimes.parse(q.get("since"), "since");
        Instant until = DockerTimes.parse(q.get("until"), "until");
        String ref = request.param("id");
        // before the status line goes out: an unknown container must still be a 404
        ContainerDetails container = engine.inspect(ref);
        boolean tty = container.config() != null && container.config().tty();

        exchange.interruptOnDisconnect();
        ChunkedStream stream = exchange.startStream(200, tty ? MultiplexedLogWriter.RAW : MultiplexedLogWriter.MULTIPLEXED);
        MultiplexedLogWriter writer = new MultiplexedLogWriter(stream, !tty, timestamps);
        try {
            engine.logs(ref, options, within(since, until, writer));
            writer.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "logs of " + ref + " ended with an error", e);
            writer.error("Error grabbing logs: " + e.getMessage());
        } finally {
            writer.release();
            stream.end();
        }
    }

    /** Docker's tail: a count, or anything else (such as {@code all}) for every line. */
    private static int tail(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static LogSink within(Instant since, Instant until, LogSink sink) {
        if (since == null && until == null) {
            return sink;
        }
        return new LogSink() {
            @Override
            public boolean accept(io.isula.core.api.LogEntry entry) {
                if (entry.time() == null) {
                    return sink.accept(entry);
                }
                if (until != null && entry.time().isAfter(until)) {
                    return false;
                }
                return since != null && entry.time().isBefore(since) || sink.accept(entry);
            }

            @Override
            public boolean flush() {
                return sink.flush();
            }
        };
    }
}
