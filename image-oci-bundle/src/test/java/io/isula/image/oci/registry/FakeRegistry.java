package io.isula.image.oci.registry;

import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageManifest;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry for unit tests on the JDK's HTTP server: manifests and blobs in memory, basic or bearer auth (its own
 * token endpoint), and switches for misbehaviour (ignore Range, cut a blob short, send too much, redirect blobs).
 */
final class FakeRegistry implements AutoCloseable {
    enum Auth { NONE, BASIC, BEARER }

    record Request(String method, String path, String query, String authorization, String range, String accept) {
    }

    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");

    private MiniHttpServer server;
    private final Map<String, Map<String, byte[]>> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokenRequests = new AtomicInteger();

    volatile Auth auth = Auth.NONE;
    volatile String user = "alice";
    volatile String password = "s3cret";
    /** Bearer: whether a token without credentials may pull. */
    volatile boolean anonymousPull = true;
    volatile long tokenLifetime = 300;
    volatile boolean ignoreRange;
    /** Bytes of a blob sent before the connection is dropped (the headers promise the whole blob); -1 for all. */
    volatile long cutBlobAfter = -1;
    /** Blob content served instead of the stored one, by digest. */
    final Map<String, byte[]> servedInstead = new ConcurrentHashMap<>();
    /** Blobs sent chunked, without Content-Length. */
    volatile boolean chunked;
    /** How long the registry pauses half-way through a blob (for progress tests); 0 for never. */
    volatile long pauseBlobMillis;
    /** Bytes of a blob sent before the registry goes silent (for stall tests); -1 for never. */
    volatile long stallBlobAfter = -1;
    /** When set, blob requests are redirected to this base URL + "/blob/<digest>". */
    volatile String redirectBlobsTo;
    /** A status to answer every request with (e.g. 503), or 0. */
    volatile int failWith;
    /** A manifest served with another Content-Type, by path. */
    volatile Function<String, String> contentTypeOverride = p -> null;

    static FakeRegistry start() throws IOException {
        return startTls(null, false);
    }

    /** Over TLS with {@code context} (null: plain HTTP), optionally asking for a client certificate. */
    static FakeRegistry startTls(SSLContext context, boolean needClientAuth) throws IOException {
        FakeRegistry r = new FakeRegistry();
        r.server = MiniHttpServer.start(context, needClientAuth, r::handle);
        return r;
    }

    private FakeRegistry() {
    }

    int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:port}. */
    String authority() {
        return "127.0.0.1:" + port();
    }

    String baseUrl() {
        return (server.isTls() ? "https" : "http") + "://" + authority();
    }

    Digest putBlob(byte[] content) {
        Digest d = Digest.sha256(content);
        blobs.put(d.toString(), content);
        return d;
    }

    Descriptor blob(byte[] content, String mediaType) {
        return new Descriptor(mediaType, putBlob(content), content.length);
    }

    /** Stores a manifest under its digest and, when given, a tag. */
    Digest putManifest(String repository, String tag, byte[] bytes, String mediaType) {
        Digest d = Digest.sha256(bytes);
        Map<String, byte[]> repo = manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
        repo.put(d.toString(), bytes);
        manifestTypes.put(repository + "@" + d, mediaType);
        if (tag != null) {
            repo.put(tag, bytes);
            manifestTypes.put(repository + ":" + tag, mediaType);
        }
        return d;
    }

    /** Serves {@code bytes} for {@code reference} whatever their digest (a lying registry). */
    void putRaw(String repository, String reference, byte[] bytes, String mediaType) {
        manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(reference, bytes);
        manifestTypes.put(repository + (Digest.isDigest(reference) ? "@" : ":") + reference, mediaType);
    }

    /** An image with one config and the given layers, tagged; returns its manifest. */
    ImageManifest putImage(String repository, String tag, byte[] config, byte[]... layers) {
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (byte[] layer : layers) {
            layerDescriptors.add(blob(layer, MediaTypes.DOCKER_LAYER_GZIP));
        }
        ImageManifest manifest = new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, blob(config, MediaTypes.DOCKER_CONFIG),
                layerDescriptors, null);
        putManifest(repository, tag, OciJson.write(manifest), MediaTypes.DOCKER_MANIFEST);
        return manifest;
    }

    List<Request> requestsTo(String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(MiniHttpServer.Exchange ex) throws IOException {
        String path = ex.uri.getRawPath();
        requests.add(new Request(ex.method, path, ex.uri.getRawQuery(), ex.header("Authorization"), ex.header("Range"),
                ex.header("Accept")));
        {
            if (path.equals("/token")) {
                token(ex);
                return;
            }
            if (path.startsWith("/blob/")) {
                sendBlob(ex, path.substring("/blob/".length()));
                return;
            }
            if (failWith != 0) {
                send(ex, failWith, "application/json", error("UNAVAILABLE", "injected failure"));
                return;
            }
            Matcher manifest = MANIFEST.matcher(path);
            Matcher blob = BLOB.matcher(path);
            String repository = manifest.matches() ? manifest.group(1) : blob.matches() ? blob.group(1) : null;
            if (!authorized(ex, repository)) {
                return;
            }
            if (path.equals("/v2/") || path.equals("/v2")) {
                send(ex, 200, "application/json", "{}".getBytes());
            } else if (manifest.matches()) {
                sendManifest(ex, manifest.group(1), manifest.group(2));
            } else if (blob.matches()) {
                if (redirectBlobsTo != null) {
                    ex.addHeader("Location", redirectBlobsTo + "/blob/" + blob.group(2));
                    ex.start(307, 0);
                    return;
                }
                if (!manifests.containsKey(blob.group(1))) {
                    send(ex, 404, "application/json", error("NAME_UNKNOWN", "repository name not known to registry"));
                    return;
                }
                sendBlob(ex, blob.group(2));
            } else {
                send(ex, 404, "text/plain", "404 page not found".getBytes());
            }
        }
    }

    private boolean authorized(MiniHttpServer.Exchange ex, String repository) throws IOException {
        String header = ex.header("Authorization");
        switch (auth) {
            case NONE:
                return true;
            case BASIC:
                if (header != null && header.equals(basic(user, password))) {
                    return true;
                }
                ex.addHeader("WWW-Authenticate", "Basic realm=\"fake registry\"");
                send(ex, 401, "application/json", error("UNAUTHORIZED", "authentication required"));
                return false;
            default:
                if (header != null && header.startsWith("Bearer ")) {
                    String token = header.substring("Bearer ".length());
                    if (issuedTokens.contains(token) && (repository == null || token.contains("|repository:" + repository + ":pull|"))) {
                        return true;
                    }
                }
                ex.addHeader("WWW-Authenticate", "Bearer realm=\"" + baseUrl() + "/token\",service=\"fake registry\""
                        + (repository == null ? "" : ",scope=\"repository:" + repository + ":pull\""));
                send(ex, 401, "application/json", error("UNAUTHORIZED", "authentication required"));
                return false;
        }
    }

    private void token(MiniHttpServer.Exchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        String header = ex.header("Authorization");
        boolean hasCredentials = header != null;
        if (hasCredentials && !header.equals(basic(user, password))) {
            send(ex, 401, "application/json", "{\"details\":\"incorrect username or password\"}".getBytes());
            return;
        }
        StringBuilder grants = new StringBuilder("|");
        String query = ex.uri.getRawQuery();
        if (query != null) {
            for (String param : query.split("&")) {
                String[] kv = param.split("=", 2);
                if (kv[0].equals("scope") && kv.length == 2 && (hasCredentials || anonymousPull)) {
                    grants.append(URLDecoder.decode(kv[1], StandardCharsets.UTF_8)).append('|');
                }
            }
        }
        String token = "tok-" + tokenRequests.get() + grants;
        issuedTokens.add(token);
        String json = "{\"token\":\"" + token.replace("\"", "") + "\",\"expires_in\":" + tokenLifetime + "}";
        send(ex, 200, "application/json", json.getBytes());
    }

    private void sendManifest(MiniHttpServer.Exchange ex, String repository, String reference) throws IOException {
        Map<String, byte[]> repo = manifests.get(repository);
        if (repo == null) {
            send(ex, 404, "application/json", error("NAME_UNKNOWN", "repository name not known to registry"));
            return;
        }
        byte[] bytes = repo.get(reference);
        if (bytes == null) {
            send(ex, 404, "application/json", error("MANIFEST_UNKNOWN", "manifest unknown"));
            return;
        }
        String type = manifestTypes.get(repository + (Digest.isDigest(reference) ? "@" : ":") + reference);
        String override = contentTypeOverride.apply(ex.uri.getRawPath());
        ex.addHeader("Docker-Content-Digest", Digest.sha256(bytes).toString());
        send(ex, 200, override != null ? override : type, bytes);
    }

    private void sendBlob(MiniHttpServer.Exchange ex, String digest) throws IOException {
        byte[] content = servedInstead.getOrDefault(digest, blobs.get(digest));
        if (content == null) {
            send(ex, 404, "application/json", error("BLOB_UNKNOWN", "blob unknown to registry"));
            return;
        }
        String range = ex.header("Range");
        int from = 0;
        int status = 200;
        if (range != null && !ignoreRange) {
            Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(range);
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
                if (from >= content.length) {
                    ex.addHeader("Content-Range", "bytes */" + content.length);
                    ex.start(416, 0);
                    return;
                }
                status = 206;
                ex.addHeader("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
        }
        int length = content.length - from;
        ex.addHeader("Content-Type", "application/octet-stream");
        OutputStream out = ex.start(status, chunked ? -1 : length);
        long stall = stallBlobAfter;
        if (stall >= 0 && stall < length) {
            out.write(content, from, (int) stall);
            out.flush();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("fake registry gave up");
        }
        long cut = cutBlobAfter;
        if (cut >= 0 && cut < length) {
            out.write(content, from, (int) cut);
            out.flush();
            // the headers promised more: dropping the connection now is a download broken off mid-way
            throw new IOException("fake registry drops the connection");
        }
        long pause = pauseBlobMillis;
        if (pause > 0 && length > 1) {
            int half = length / 2;
            out.write(content, from, half);
            out.flush();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(content, from + half, length - half);
            return;
        }
        out.write(content, from, length);
    }

    private static void send(MiniHttpServer.Exchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.addHeader("Content-Type", type);
        }
        ex.start(status, body.length).write(body);
    }

    static byte[] error(String code, String message) {
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}").getBytes();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
