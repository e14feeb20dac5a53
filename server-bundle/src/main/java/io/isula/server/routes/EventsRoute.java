package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.server.http.ApiRequest;
import io.isula.server.http.ChunkedStream;
import io.isula.server.http.HttpExchange;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.lang.System.Logger.Level;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events}: one JSON object per line as the engine publishes them, until the client leaves or
 * {@code until} is reached. Holds no thread while idle: the engine's callbacks write to the connection.
 */
final class EventsRoute {
    private static final System.Logger LOG = System.getLogger(EventsRoute.class.getName());
    private static final byte[] NEWLINE = {'\n'};

    private final ContainerEngine engine;
    private final JsonCodec json;

    EventsRoute(ContainerEngine engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    void register(Router router) {
        router.addLasting(HttpMethod.GET, "/events", this::events);
    }

    private void events(ApiRequest request, HttpExchange exchange) {
        Instant since = DockerTimes.parse(request.query().get("since"), "since");
        Instant until = DockerTimes.parse(request.query().get("until"), "until");
        EventFilter filter = EventFilter.of(DockerFilters.parse(request.query().get("filters"), json));
        long untilNanos = until == null ? Long.MAX_VALUE : DockerTimes.epochNanos(until);

        ChunkedStream stream = exchange.startStream(200, "application/json");
        Subscription subscription = new Subscription(stream);
        exchange.onDisconnect(subscription::close);
        subscription.attach(engine.subscribe(since == null ? 0 : DockerTimes.epochNanos(since), event -> {
            if (event.timeNano() > untilNanos) {
                subscription.close();
            } else if (filter.matches(event)) {
                if (!stream.offer(Unpooled.wrappedBuffer(json.write(event), NEWLINE))) {
                    subscription.close();
                }
            }
        }));
        if (until != null) {
            exchange.schedule(subscription::close, until.toEpochMilli() - System.currentTimeMillis());
        }
    }

    /** Ends the response and the engine subscription together, whichever side stops first. */
    private static final class Subscription {
        private final ChunkedStream stream;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile AutoCloseable handle;

        Subscription(ChunkedStream stream) {
            this.stream = stream;
        }

        void attach(AutoCloseable h) {
            handle = h;
            if (closed.get()) {
                closeHandle(h);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                AutoCloseable h = handle;
                if (h != null) {
                    closeHandle(h);
                }
                stream.end();
            }
        }

        private static void closeHandle(AutoCloseable h) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing an event subscription failed", e);
            }
        }
    }
}
