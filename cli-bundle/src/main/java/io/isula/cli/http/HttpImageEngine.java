package io.isula.cli.http;

import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@link ImageEngine} as a client of the daemon API's image routes. */
public final class HttpImageEngine implements ImageEngine {
    private final DaemonCalls calls;

    public HttpImageEngine(DaemonAddress address) {
        this.calls = new DaemonCalls(address);
    }

    @Override
    public List<ImageSummary> images(Map<String, List<String>> filters) {
        String target = "/images/json";
        if (filters != null && !filters.isEmpty()) {
            target += "?filters=" + PathSegments.query(MiniJson.write(new LinkedHashMap<String, Object>(filters)));
        }
        try {
            return ImageJson.summaries(calls.read(calls.call("GET", target, null)));
        } catch (IllegalArgumentException e) {
            throw DaemonCalls.badAnswer(e);
        }
    }

    /** The daemon's inspect answer as it is. */
    public Map<String, Object> inspectImageTree(String name) {
        return calls.readObject(calls.call("GET", image(name) + "/json", null));
    }

    @Override
    public ImageDetails inspectImage(String name) {
        throw new UnsupportedOperationException("the command line reads image trees: inspectImageTree");
    }

    @Override
    public List<ImageDeleted> removeImage(String name, boolean force) {
        Object tree = calls.read(calls.call("DELETE", image(name) + (force ? "?force=1" : ""), null));
        List<ImageDeleted> out = new ArrayList<>();
        if (tree instanceof List<?> lines) {
            for (Object line : lines) {
                Map<String, Object> m = ApiJson.asObject(line, "removal");
                out.add(new ImageDeleted(ApiJson.str(m, "Untagged"), ApiJson.str(m, "Deleted")));
            }
        }
        return out;
    }

    @Override
    public void tag(String source, String target) {
        int slash = target.lastIndexOf('/');
        int colon = target.lastIndexOf(':');
        String repo = colon > slash ? target.substring(0, colon) : target;
        String tag = colon > slash ? target.substring(colon + 1) : "";
        calls.discard(calls.call("POST", image(source) + "/tag?repo=" + PathSegments.query(repo)
                + (tag.isEmpty() ? "" : "&tag=" + PathSegments.query(tag)), null));
    }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        Map<String, String> headers = auth == null ? Map.of() : Map.of("X-Registry-Auth", authHeader(auth));
        HttpResponse r = calls.call("POST", "/images/create?fromImage=" + PathSegments.query(reference), new byte[0],
                headers);
        String[] id = {reference};
        readStream(r, m -> {
            Map<String, Object> aux = ApiJson.obj(m, "aux");
            if (aux != null && ApiJson.str(aux, "ID") != null) {
                id[0] = ApiJson.str(aux, "ID");
            } else {
                progress.accept(update(m));
            }
        });
        return id[0];
    }

    @Override
    public List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress) {
        throw new UnsupportedOperationException("the command line loads files: loadFile");
    }

    /** {@code POST /images/load} with the archive file as the body; returns the names loaded. */
    public List<String> loadFile(Path archive, String tag, Consumer<ProgressUpdate> progress) {
        HttpResponse r = calls.upload("POST", "/images/load" + (tag == null ? "" : "?tag=" + PathSegments.query(tag)),
                archive, "application/x-tar");
        List<String> names = new ArrayList<>();
        readStream(r, m -> {
            String stream = ApiJson.str(m, "stream");
            if (stream != null && stream.startsWith("Loaded image: ")) {
                names.add(stream.substring("Loaded image: ".length()).trim());
            } else if (ApiJson.str(m, "status") != null) {
                progress.accept(update(m));
            }
        });
        return names;
    }

    /** {@code POST /images/load?type=T&path=P}: the daemon reads the file where it is; returns the names loaded. */
    @Override
    public List<String> loadFromPath(String type, String path) {
        Map<String, Object> answer = calls.readObject(calls.call("POST", "/images/load?type=" + PathSegments.query(type)
                + "&path=" + PathSegments.query(path), new byte[0]));
        List<String> names = ApiJson.strings(answer, "Loaded");
        return names == null ? List.of() : names;
    }

    @Override
    public String importImage(InputStream rootfsTar, String reference) {
        throw new UnsupportedOperationException("the command line imports files: importFile");
    }

    /** {@code POST /images/create?fromSrc=-} with the rootfs tarball as the body; returns the image id. */
    public String importFile(Path tarball, String reference) {
        String target = "/images/create?fromSrc=-" + (reference == null ? "" : "&repo=" + PathSegments.query(reference));
        HttpResponse r = calls.upload("POST", target, tarball, "application/x-tar");
        List<String> statuses = new ArrayList<>();
        readStream(r, m -> statuses.add(ApiJson.str(m, "status")));
        if (statuses.isEmpty() || statuses.get(statuses.size() - 1) == null) {
            throw EngineException.internal("the daemon answered import without an image id", null);
        }
        return statuses.get(statuses.size() - 1);
    }

    @Override
    public void export(String container, OutputStream out) {
        if (container == null || container.isEmpty()) {
            throw EngineException.invalid("container name or id must not be empty");
        }
        try (HttpResponse r = calls.call("GET", "/containers/" + PathSegments.segment(container) + "/export", null)) {
            r.body().transferTo(out);
        } catch (IOException e) {
            throw new DaemonUnreachableException("the export of " + container + " ended early: " + e.getMessage(), e);
        }
    }

    @Override
    public String login(RegistryAuth auth) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", auth.username());
        body.put("password", auth.password());
        body.put("serveraddress", auth.serverAddress());
        Object status = calls.readObject(calls.call("POST", "/auth", DaemonCalls.toJson(body))).get("Status");
        return status instanceof String s ? s : "Login Succeeded";
    }

    @Override
    public void logout(String server) {
        calls.discard(calls.call("POST", "/auth/logout?serveraddress=" + PathSegments.query(server), null));
    }

    private static String image(String name) {
        if (name == null || name.isEmpty()) {
            throw EngineException.invalid("image name must not be empty");
        }
        // image names keep their '/' so the daemon's route sees host:port/repo/name as typed
        StringBuilder b = new StringBuilder("/images");
        for (String part : name.split("/", -1)) {
            b.append('/').append(PathSegments.segment(part));
        }
        return b.toString();
    }

    private static String authHeader(RegistryAuth auth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", auth.username());
        m.put("password", auth.password());
        m.put("serveraddress", auth.serverAddress());
        return Base64.getUrlEncoder().encodeToString(MiniJson.write(m).getBytes(StandardCharsets.UTF_8));
    }

    private static ProgressUpdate update(Map<String, Object> m) {
        Map<String, Object> detail = ApiJson.obj(m, "progressDetail");
        long current = detail != null && detail.containsKey("current") ? ApiJson.num(detail, "current") : -1;
        long total = detail != null && detail.containsKey("total") ? ApiJson.num(detail, "total") : -1;
        return new ProgressUpdate(ApiJson.str(m, "id"), ApiJson.str(m, "status"), current, total);
    }

    private void readStream(HttpResponse r, Consumer<Map<String, Object>> line) {
        try (r; BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = in.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                Map<String, Object> m = ApiJson.asObject(MiniJson.parse(text), "progress");
                Map<String, Object> error = ApiJson.obj(m, "errorDetail");
                if (error != null || m.get("error") != null) {
                    String message = error != null ? ApiJson.str(error, "message") : ApiJson.str(m, "error");
                    throw EngineException.internal(message, null);
                }
                line.accept(m);
            }
        } catch (IOException e) {
            throw new DaemonUnreachableException("the daemon's progress stream ended early: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw DaemonCalls.badAnswer(e);
        }
    }
}
