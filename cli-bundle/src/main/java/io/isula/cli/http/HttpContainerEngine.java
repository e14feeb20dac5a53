package io.isula.cli.http;

import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.AttachOptions;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.PathStat;
import io.isula.core.api.ContainerStats;
import io.isula.core.api.ProcessList;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.api.ListOptions;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;
import io.isula.core.api.VersionInfo;
import io.isula.core.api.Volume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link ContainerEngine} as a client of the daemon's Docker-shaped HTTP API on its Unix socket. Error
 * answers ({@code {"message": ...}} with a status) come back as {@link EngineException}s of the matching kind.
 * JSON goes through {@link MiniJson} and {@link ApiJson}, not jackson-databind: loading databind would cost more
 * than a whole {@code isula run}.
 */
public final class HttpContainerEngine implements ContainerEngine {
    private static final String ALL_VOLUMES = PathSegments.query(MiniJson.write(Map.of("all", List.of("true"))));
    private final DaemonCalls calls;

    public HttpContainerEngine(DaemonAddress address) {
        this.calls = new DaemonCalls(address);
    }

    @Override
    public String create(CreateRequest request) {
        String target = "/containers/create" + (request.name() == null ? "" : "?name=" + PathSegments.query(request.name()));
        Object id = readObject(call("POST", target, toJson(ApiJson.tree(request.config())))).get("Id");
        if (!(id instanceof String s)) {
            throw EngineException.internal("the daemon answered create without an Id", null);
        }
        return s;
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
    public void remove(String ref, boolean force, boolean removeVolumes) {
        String q = (force ? "force=1" : "") + (removeVolumes ? (force ? "&" : "") + "v=1" : "");
        discard(call("DELETE", container(ref) + (q.isEmpty() ? "" : "?" + q), null));
    }

    @Override
    public void pause(String ref) {
        discard(call("POST", container(ref) + "/pause", null));
    }

    @Override
    public void unpause(String ref) {
        discard(call("POST", container(ref) + "/unpause", null));
    }

    @Override
    public void restart(String ref, int timeoutSeconds) {
        discard(call("POST", container(ref) + "/restart" + (timeoutSeconds >= 0 ? "?t=" + timeoutSeconds : ""), null));
    }

    @Override
    public void rename(String ref, String newName) {
        discard(call("POST", container(ref) + "/rename?name=" + PathSegments.query(newName), null));
    }

    @Override
    public List<String> update(String ref, ContainerUpdate update) {
        Map<String, Object> answer = readObject(call("POST", container(ref) + "/update",
                toJson(HostConfigJson.tree(update))));
        try {
            List<String> warnings = ApiJson.strings(answer, "Warnings");
            return warnings == null ? List.of() : warnings;
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public List<Volume> volumes() {
        Map<String, Object> answer = readObject(call("GET", "/volumes", null));
        try {
            return HostConfigJson.volumes(answer);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public void removeVolume(String name) {
        if (name == null || name.isEmpty()) {
            throw EngineException.invalid("volume name must not be empty");
        }
        discard(call("DELETE", "/volumes/" + PathSegments.segment(name), null));
    }

    @Override
    public List<String> pruneVolumes() {
        // iSulad's prune takes named volumes too; the Docker API's default since 1.42 is anonymous ones only
        Map<String, Object> answer = readObject(call("POST", "/volumes/prune?filters=" + ALL_VOLUMES, null));
        try {
            List<String> removed = ApiJson.strings(answer, "VolumesDeleted");
            return removed == null ? List.of() : removed;
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public List<ContainerSummary> list(ListOptions options) {
        StringBuilder t = new StringBuilder("/containers/json?all=").append(options.all() ? 1 : 0);
        if (options.last() > 0) {
            t.append("&limit=").append(options.last());
        }
        if (options.filters() != null && !options.filters().isEmpty()) {
            t.append("&filters=").append(PathSegments.query(MiniJson.write(options.filters())));
        }
        HttpResponse r = call("GET", t.toString(), null);
        Object tree = read(r);
        try {
            return ApiJson.summaries(tree);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public ContainerDetails inspect(String ref) {
        Map<String, Object> tree = inspectTree(ref);
        try {
            return ApiJson.details(tree);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    /** The daemon's inspect answer as it is, keys this client does not know included. */
    public Map<String, Object> inspectTree(String ref) {
        return readObject(call("GET", container(ref) + "/json", null));
    }

    @Override
    public int await(String ref) {
        Map<String, Object> node = readObject(call("POST", container(ref) + "/wait", null));
        try {
            Map<String, Object> error = ApiJson.obj(node, "Error");
            String message = error == null ? null : ApiJson.str(error, "Message");
            if (message != null && !message.isEmpty()) {
                throw EngineException.internal(message, null);
            }
            return (int) ApiJson.num(node, "StatusCode");
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
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
        Map<String, Object> m = readObject(call("GET", "/info", null));
        try {
            return ApiJson.info(m);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public VersionInfo version() {
        Map<String, Object> m = readObject(call("GET", "/version", null));
        try {
            return ApiJson.version(m);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
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
        String target = "/events";
        if (sinceEpochNanos > 0) {
            String frac = Long.toString(1_000_000_000L + sinceEpochNanos % 1_000_000_000L).substring(1);
            target = target + "?since=" + sinceEpochNanos / 1_000_000_000L + "." + frac;
        }
        HttpResponse r = call("GET", target, null);
        Thread reader = new Thread(new EventReader(r, listener, null), "isula-events");
        reader.setDaemon(true);
        reader.start();
        return r;
    }

    // ---- exec, attach, resize ----

    @Override
    public String execCreate(String ref, ExecConfig config) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("AttachStdin", config.attachStdin());
        body.put("AttachStdout", config.attachStdout());
        body.put("AttachStderr", config.attachStderr());
        body.put("Tty", config.tty());
        if (config.detachKeys() != null) {
            body.put("DetachKeys", config.detachKeys());
        }
        if (config.env() != null) {
            body.put("Env", config.env());
        }
        body.put("Cmd", config.cmd());
        if (config.user() != null) {
            body.put("User", config.user());
        }
        if (config.workingDir() != null) {
            body.put("WorkingDir", config.workingDir());
        }
        if (config.consoleSize() != null) {
            body.put("ConsoleSize", config.consoleSize());
        }
        Object id = readObject(call("POST", container(ref) + "/exec", toJson(body))).get("Id");
        if (!(id instanceof String s)) {
            throw EngineException.internal("the daemon answered exec create without an Id", null);
        }
        return s;
    }

    @Override
    public StdioStream execStart(String execId, StdioSink sink) {
        String target = "/exec/" + PathSegments.segment(execId) + "/start";
        if (sink == null) {
            discard(call("POST", target, toJson(Map.of("Detach", true, "Tty", false))));
            return null;
        }
        HijackedStream stream = upgrade(target, toJson(Map.of("Detach", false, "Tty", false)));
        return RemoteStdio.start(stream, sink, (h, w) -> execResize(execId, h, w));
    }

    @Override
    public ExecDetails execInspect(String execId) {
        Map<String, Object> m = readObject(call("GET", "/exec/" + PathSegments.segment(execId) + "/json", null));
        try {
            return ApiJson.exec(m);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public void execResize(String execId, int height, int width) {
        discard(call("POST", "/exec/" + PathSegments.segment(execId) + "/resize?h=" + height + "&w=" + width, null));
    }

    @Override
    public StdioStream attach(String ref, AttachOptions options, StdioSink sink) {
        String target = container(ref) + "/attach?stream=1&stdin=" + bit(options.stdin()) + "&stdout="
                + bit(options.stdout()) + "&stderr=" + bit(options.stderr())
                + (options.detachKeys() == null ? "" : "&detachKeys=" + PathSegments.query(options.detachKeys()));
        HijackedStream stream = upgrade(target, null);
        return RemoteStdio.start(stream, sink, (h, w) -> resize(ref, h, w));
    }

    @Override
    public void resize(String ref, int height, int width) {
        discard(call("POST", container(ref) + "/resize?h=" + height + "&w=" + width, null));
    }

    // ---- processes and usage ----

    @Override
    public ProcessList top(String ref, String psArgs) {
        Map<String, Object> m = readObject(call("GET", container(ref) + "/top"
                + (psArgs == null ? "" : "?ps_args=" + PathSegments.query(psArgs)), null));
        try {
            List<List<String>> rows = new java.util.ArrayList<>();
            List<Object> processes = ApiJson.list(m, "Processes");
            if (processes != null) {
                for (Object row : processes) {
                    rows.add(ApiJson.strings(Map.of("r", row), "r"));
                }
            }
            List<String> titles = ApiJson.strings(m, "Titles");
            return new ProcessList(titles == null ? List.of() : titles, rows);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    @Override
    public ContainerStats stats(String ref) {
        Map<String, Object> m = readObject(call("GET", container(ref) + "/stats?stream=0&one-shot=1", null));
        try {
            return ApiJson.stats(m);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw EngineException.internal("cannot read the daemon's stats: " + e.getMessage(), e);
        }
    }

    // ---- files ----

    @Override
    public PathStat statPath(String ref, String path) {
        try (HttpResponse r = call("HEAD", container(ref) + "/archive?path=" + PathSegments.query(path), null)) {
            return pathStat(r.header("x-docker-container-path-stat"));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void archive(String ref, String path, java.io.OutputStream out) {
        try (HttpResponse r = call("GET", container(ref) + "/archive?path=" + PathSegments.query(path), null)) {
            r.body().transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new DaemonUnreachableException("copying " + path + " from " + ref + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void extract(String ref, String dir, java.io.InputStream tar) {
        byte[] body;
        try {
            body = tar.readAllBytes();
        } catch (IOException e) {
            throw EngineException.internal("reading the archive failed: " + e.getMessage(), e);
        }
        discard(calls.call("PUT", container(ref) + "/archive?path=" + PathSegments.query(dir), body, "application/x-tar"));
    }

    private PathStat pathStat(String header) {
        if (header == null) {
            throw EngineException.internal("the daemon sent no path stat", null);
        }
        try {
            Map<String, Object> m = MiniJson.object(new String(java.util.Base64.getDecoder().decode(header.trim()),
                    StandardCharsets.UTF_8));
            return new PathStat(ApiJson.str(m, "name"), ApiJson.num(m, "size"), ApiJson.num(m, "mode"),
                    ApiJson.str(m, "mtime"), ApiJson.str(m, "linkTarget"));
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    /** A hijacked request; an error answer becomes an {@link EngineException} with the daemon's message. */
    private HijackedStream upgrade(String target, byte[] body) {
        return calls.upgrade("POST", target, body);
    }

    @Override
    public AutoCloseable events(long sinceEpochNanos, long untilEpochNanos, Consumer<EngineEvent> listener,
                                Runnable onEnd) {
        StringBuilder target = new StringBuilder("/events");
        char sep = '?';
        if (sinceEpochNanos > 0) {
            target.append(sep).append("since=").append(unixTime(sinceEpochNanos));
            sep = '&';
        }
        if (untilEpochNanos > 0) {
            target.append(sep).append("until=").append(unixTime(untilEpochNanos));
        }
        HttpResponse r = call("GET", target.toString(), null);
        Thread reader = new Thread(new EventReader(r, listener, onEnd), "isula-events");
        reader.setDaemon(true);
        reader.start();
        return r;
    }

    private static String unixTime(long nanos) {
        return nanos / 1_000_000_000L + "." + Long.toString(1_000_000_000L + nanos % 1_000_000_000L).substring(1);
    }

    /** {@code GET /events}: one JSON object per line until the stream ends or is closed. */
    private static final class EventReader implements Runnable {
        private final HttpResponse response;
        private final Consumer<EngineEvent> listener;
        private final Runnable onEnd;

        EventReader(HttpResponse response, Consumer<EngineEvent> listener, Runnable onEnd) {
            this.response = response;
            this.listener = listener;
            this.onEnd = onEnd;
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        listener.accept(ApiJson.event(ApiJson.asObject(MiniJson.parse(line), "event")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the subscription was closed, or the daemon went away: either way the stream is over
            } finally {
                if (onEnd != null) {
                    onEnd.run();
                }
            }
        }
    }

    private HttpResponse call(String method, String target, byte[] body) {
        return calls.call(method, target, body);
    }

    static EngineException errorFor(int status, String message) {
        return DaemonCalls.errorFor(status, message);
    }

    private DaemonUnreachableException unreachable(IOException e) {
        return calls.unreachable(e);
    }

    private static String container(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.invalid("container name or id must not be empty");
        }
        return "/containers/" + PathSegments.segment(ref);
    }

    private static String bit(boolean b) { return b ? "1" : "0"; }

    private void discard(HttpResponse r) {
        calls.discard(r);
    }

    private Object read(HttpResponse r) {
        return calls.read(r);
    }

    private Map<String, Object> readObject(HttpResponse r) {
        return calls.readObject(r);
    }

    private static EngineException badAnswer(IllegalArgumentException e) {
        return DaemonCalls.badAnswer(e);
    }

    private static byte[] toJson(Object tree) {
        return DaemonCalls.toJson(tree);
    }
}
