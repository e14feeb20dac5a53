package io.isula.itest.e2e;

import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.OciLayout;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A registry that breaks off mid-download: it answers {@code /v2/}, the image's manifest (by tag or digest, GET and
 * HEAD) and its config like a registry, but for a layer blob it sends the headers with the full Content-Length and
 * half of the body, then closes the connection. Every attempt (resumes with a Range header included) gets the same,
 * so no client can complete the layer. Plain HTTP/1.1 on a raw socket of 127.0.0.1, one request per connection.
 */
final class HalfwayRegistry implements AutoCloseable {
    private final OciImage image;
    private final String repository;
    private final String tag;
    private final OciLayout layout;
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "halfway-registry");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private HalfwayRegistry(OciImage image, String repository, String tag) throws IOException {
        this.image = image;
        this.repository = repository;
        this.tag = tag;
        this.layout = OciLayout.open(image.layout());
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        pool.submit(this::acceptLoop);
    }

    /** Serves {@code image} as {@code repository:tag}. */
    static HalfwayRegistry serve(OciImage image, String repository, String tag) {
        try {
            return new HalfwayRegistry(image, repository, tag);
        } catch (IOException e) {
            throw new AssertionError("cannot start the halfway registry: " + e, e);
        }
    }

    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The request lines received so far ({@code GET /v2/...}). */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many times a layer blob was asked for (and cut off). */
    long layerAttempts() {
        return requests().stream().filter(r -> image.layerDigests().stream().anyMatch(r::contains)).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.submit(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            in.mark(1);
            if (in.read() == 0x16) return; // a TLS handshake: this registry speaks plain HTTP only, hang up at once
            in.reset();
            String requestLine = readLine(in);
            if (requestLine == null) return;
            while (true) {
                String header = readLine(in);
                if (header == null || header.isEmpty()) break;
            }
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            OutputStream out = s.getOutputStream();
            if (parts.length < 3 || !parts[2].startsWith("HTTP/1.")) {
                respond(out, 400, "text/plain", null, "bad request\n".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            boolean head = parts[0].equals("HEAD");
            String path = parts[1];
            String base = "/v2/" + repository;
            if (path.equals("/v2/") || path.equals("/v2")) {
                respond(out, 200, "application/json", null, "{}".getBytes(StandardCharsets.UTF_8), head);
            } else if (path.equals(base + "/manifests/" + tag) || path.equals(base + "/manifests/" + image.manifest().digest())) {
                respond(out, 200, image.manifest().mediaType(), image.manifest().digest(),
                        layout.readBlob(image.manifest().digest()), head);
            } else if (path.equals(base + "/blobs/" + image.config().digest())) {
                respond(out, 200, "application/octet-stream", image.config().digest(), layout.readBlob(image.config().digest()),
                        head);
            } else if (path.startsWith(base + "/blobs/") && image.layerDigests().contains(path.substring(base.length() + 7))) {
                String digest = path.substring(base.length() + 7);
                byte[] blob = layout.readBlob(digest);
                String headers = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + blob.length
                        + "\r\nDocker-Content-Digest: " + digest + "\r\nConnection: close\r\n\r\n";
                out.write(headers.getBytes(StandardCharsets.US_ASCII));
                if (!head) out.write(blob, 0, blob.length / 2);
                out.flush();
                // try-with-resources closes the socket: the rest of the body never comes
            } else {
                respond(out, 404, "application/json", null,
                        "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}".getBytes(StandardCharsets.UTF_8), head);
            }
        } catch (IOException ignored) {
            // a client that went away
        }
    }

    private static void respond(OutputStream out, int status, String type, String digest, byte[] body, boolean head)
            throws IOException {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : status == 404 ? " Not Found"
                : " Bad Request").append("\r\nContent-Type: ").append(type).append("\r\nContent-Length: ").append(body.length)
                .append("\r\nDocker-Distribution-API-Version: registry/2.0\r\nConnection: close\r\n");
        if (digest != null) h.append("Docker-Content-Digest: ").append(digest).append("\r\n");
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        if (!head) out.write(body);
        out.flush();
    }

    /** One CRLF-terminated line (without it), or null at end of stream; gives up on binary junk (a TLS hello). */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 8192) break;
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        pool.shutdownNow();
    }
}
