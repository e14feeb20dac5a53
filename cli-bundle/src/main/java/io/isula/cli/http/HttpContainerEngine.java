package io.isula.cli.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.ListOptions;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;
import io.isula.core.api.VersionInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link ContainerEngine} as a client of the daemon's Docker-shaped HTTP API on its Unix socket. Error
 * answers ({@code {"message": ...}} with a status) come back as {@link EngineException}s of the matching kind.
 */
public final class HttpContainerEngine implements ContainerEngine {
    private final UnixHttpClient http;
    private final String display;
    private ObjectMapper mapper;

    public HttpContainerEngine(DaemonAddress address) {
        this.http = new UnixHttpClient(address.socket());
        this.display = address.display();
    }

    @Override
    public String create(CreateRequest request) {
        String target = "/containers/create" + (request.name() == null ? "" : "?name=" + PathSegments.query(request.name()));
        JsonNode node = readTree(call("POST", target, toJson(request.config())));
        JsonNode id = node.get("Id");
        if (id == null || !id.isTextual()) {
            throw EngineException.internal("the daemon answered create without an Id", null);
        }
        return id.asText();
    }

    @Override
    public void start(String ref) {
        discard(call("POST", container(ref) + "/start", null));
    }

    @Override
    public void stop(String ref, int timeoutSeconds) {
        discard(call("POST", container(ref) + "/stop" + (timeoutSeconds >= 0 ? "?t=" + timeoutSeconds : ""), null));
    }

    @Override
    public void kill(String ref, String signal) {
        discard(call("POST", container(ref) + "/kill" + (signal == null ? "" : "?signal=" + PathSegments.query(signal)), null));
    }

    @Override
    public void remove(String ref, boolean force) {
        discard(call("DELETE", container(ref) + (force ? "?force=1" : ""), null));
    }

    @Override
    public List<ContainerSummary> list(ListOptions options) {
        StringBuilder t = new StringBuilder("/containers/json?all=").append(options.all() ? 1 : 0);
        if (options.last() > 0) {
            t.append("&limit=").append(options.last());
        }
        if (options.filters() != null && !options.filters().isEmpty()) {
            t.append("&filters=").append(PathSegments.query(new String(toJson(options.filters()), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return Arrays.asList(read(call("GET", t.toString(), null), ContainerSummary[].class));
    }

    @Override
    public ContainerDetails inspect(String ref) {
        return read(call("GET", container(ref) + "/json", null), ContainerDetails.class);
    }

    @Override
    public int await(String ref) {
        JsonNode node = readTree(call("POST", container(ref) + "/wait", null));
        JsonNode error = node.path("Error").path("Message");
        if (error.isTextual() && !error.asText().isEmpty()) {
            throw EngineException.internal(error.asText(), null);
        }
        return node.path("StatusCode").asInt();
    }

    @Override
    public void logs(String ref, LogOptions options, LogSink sink) {
        String target = container(ref) + "/logs?stdout=" + bit(options.stdout()) + "&stderr=" + bit(options.stderr())
                + "&follow=" + bit(options.follow()) + "&timestamps=" + bit(options.timestamps())
                + "&tail=" + (options.tail() < 0 ? "all" : Integer.toString(options.tail()));
        try (HttpResponse r = call("GET", target, null)) {
            new LogStreamDecoder(options.timestamps()).decode(r.body(), r.header("content-type"), sink);
        } catch (IOException e) {
            throw new DaemonUnreachableException("reading the log of " + ref + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public EngineInfo info() {
        return read(call("GET", "/info", null), EngineInfo.class);
    }

    /** Decoded without jackson-databind: this is the round trip whose start-up time matters. */
    @Override
    public VersionInfo version() {
        Map<String, Object> m;
        try (HttpResponse r = call("GET", "/version", null)) {
            m = MiniJson.object(r.text());
        } catch (IOException e) {
            throw unreachable(e);
        }
        return new VersionInfo(str(m, "Version"), str(m, "ApiVersion"), str(m, "MinAPIVersion"), str(m, "GitCommit"),
                str(m, "GoVersion"), str(m, "Os"), str(m, "Arch"), str(m, "KernelVersion"), str(m, "BuildTime"));
    }

    /** {@code GET /_ping}: true when the daemon answers OK. */
    public boolean ping() {
        try (HttpResponse r = call("GET", "/_ping", null)) {
            return "OK".equals(r.text().trim());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    @Override
    public AutoCloseable subscribe(long sinceEpochNanos, Consumer<EngineEvent> listener) {
        String target = "/events" + (sinceEpochNanos > 0
                ? "?since=" + sinceEpochNanos / 1_000_000_000L + "." + String.format("%09d", sinceEpochNanos % 1_000_000_000L)
                : "");
        HttpResponse r = call("GET", target, null);
        ObjectMapper m = mapper();
        Thread reader = new Thread(() -> {
            try (InputStream in = r.body(); MappingIterator<EngineEvent> it = m.readerFor(EngineEvent.class).readValues(in)) {
                while (it.hasNextValue()) {
                    listener.accept(it.nextValue());
                }
            } catch (IOException | RuntimeException e) {
                // the subscription was closed, or the daemon went away: either way the stream is over
            }
        }, "isula-events");
        reader.setDaemon(true);
        reader.start();
        return r::close;
    }

    /** Performs a request; a non-2xx answer becomes an {@link EngineException} with the daemon's message. */
    private HttpResponse call(String method, String target, byte[] body) {
        HttpResponse r;
        try {
            r = http.exchange(method, target, body);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (r.status() >= 200 && r.status() < 300) {
            return r;
        }
        String message;
        try (r) {
            String text = r.text();
            Object m = MiniJson.object(text).get("message");
            message = m instanceof String s ? s : text.trim();
        } catch (IOException e) {
            message = "";
        }
        throw errorFor(r.status(), message);
    }

    static EngineException errorFor(int status, String message) {
        EngineException.Kind kind = switch (status) {
            case 400 -> EngineException.Kind.INVALID_ARGUMENT;
            case 404 -> EngineException.Kind.NOT_FOUND;
            case 409 -> EngineException.Kind.CONFLICT;
            case 304 -> EngineException.Kind.NOT_MODIFIED;
            case 503 -> EngineException.Kind.UNAVAILABLE;
            default -> EngineException.Kind.INTERNAL;
        };
        if (message == null || message.isEmpty()) {
            message = status == 304 ? "not modified" : "the daemon answered HTTP " + status;
        }
        return new EngineException(kind, message);
    }

    private DaemonUnreachableException unreachable(IOException e) {
        return new DaemonUnreachableException("Cannot connect to the isulad daemon at " + display
                + ". Is the daemon running? (" + e.getMessage() + ")", e);
    }

    private static String container(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.invalid("container name or id must not be empty");
        }
        return "/containers/" + PathSegments.segment(ref);
    }

    private static String bit(boolean b) { return b ? "1" : "0"; }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private void discard(HttpResponse r) {
        try (r) {
            r.body().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the answer was already a success; a short body does not change that
        }
    }

    private <T> T read(HttpResponse r, Class<T> type) {
        try (r) {
            return mapper().readValue(r.body(), type);
        } catch (IOException e) {
            throw EngineException.internal("cannot read the daemon's answer: " + e.getMessage(), e);
        }
    }

    private JsonNode readTree(HttpResponse r) {
        try (r) {
            return mapper().readTree(r.body());
        } catch (IOException e) {
            throw EngineException.internal("cannot read the daemon's answer: " + e.getMessage(), e);
        }
    }

    private byte[] toJson(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw EngineException.internal("cannot encode the request: " + e.getMessage(), e);
        }
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        }
        return mapper;
    }
}
