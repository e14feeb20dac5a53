package io.isula.cli.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HTTP/1.1 over a Unix socket, one connection per request ({@code Connection: close}), so a streaming
 * response (logs with follow, events, wait) simply owns its connection until closed.
 */
public final class UnixHttpClient {
    private static final int UPLOAD_CHUNK_BYTES = 64 * 1024;

    private final Path socket;
    private final DaemonSocket.Connector connector;

    public UnixHttpClient(Path socket) {
        this(socket, DaemonSocket.Connector.fromSystem());
    }

    UnixHttpClient(Path socket, DaemonSocket.Connector connector) {
        this.socket = socket;
        this.connector = connector;
    }

    public Path socket() { return socket; }

    /** Sends the request and returns once the status line and headers are read. */
    public HttpResponse exchange(String method, String target, byte[] jsonBody) throws IOException {
        return exchange(method, target, jsonBody, "application/json", Map.of());
    }

    /** As {@link #exchange(String, String, byte[])}, with extra request headers. */
    public HttpResponse exchange(String method, String target, byte[] jsonBody, Map<String, String> extraHeaders)
            throws IOException {
        return exchange(method, target, jsonBody, "application/json", extraHeaders);
    }

    /** As {@link #exchange(String, String, byte[])}, with a body of {@code contentType}. */
    public HttpResponse exchange(String method, String target, byte[] body, String contentType) throws IOException {
        return exchange(method, target, body, contentType, Map.of());
    }

    private HttpResponse exchange(String method, String target, byte[] body, String contentType,
                                  Map<String, String> extraHeaders) throws IOException {
        DaemonSocket ch = connector.connect(socket);
        try {
            writeRequest(ch, method, target, body, false, contentType, extraHeaders);
            InputStream in = new SocketReadAhead(ch.input());
            return readResponse(in, method);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends {@code file} as the request body (Content-Length known). */
    public HttpResponse upload(String method, String target, Path file, String contentType) throws IOException {
        long size = Files.size(file);
        DaemonSocket ch = connector.connect(socket);
        try (InputStream body = Files.newInputStream(file)) {
            byte[] head = (requestHead(method, target, false, Map.of())
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            ch.write(head, 0, head.length);
            byte[] chunk = new byte[UPLOAD_CHUNK_BYTES];
            long sent = 0;
            while (sent < size) {
                int n = body.read(chunk, 0, (int) Math.min(chunk.length, size - sent));
                if (n < 0) {
                    throw new IOException(file + " got shorter while it was being sent");
                }
                ch.write(chunk, 0, n);
                sent += n;
            }
            InputStream in = new SocketReadAhead(ch.input());
            return readResponse(in, method);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Sends a request that asks to take the connection over ({@code Connection: Upgrade}, {@code Upgrade: tcp}), as
     * Docker's attach and exec start. Returns the raw stream on {@code 101} or {@code 200}; any other answer is
     * returned as a plain response through {@code failure}.
     */
    public HijackedStream upgrade(String method, String target, byte[] jsonBody, Consumer<HttpResponse> failure)
            throws IOException {
        DaemonSocket ch = connector.connect(socket);
        try {
            writeRequest(ch, method, target, jsonBody, true, "application/json", Map.of());
            HeadReader head = new HeadReader(ch);
            String statusLine = head.line();
            if (statusLine == null) {
                throw new IOException("the daemon closed the connection without a response");
            }
            int status = parseStatus(statusLine);
            Map<String, String> headers = new HashMap<>();
            String line;
            while ((line = head.line()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            InputStream rest = new SocketReadAhead(
                    new SequenceInputStream(new ByteArrayInputStream(head.leftover()), ch.input()));
            if (status == 101 || status == 200) {
                return new HijackedStream(ch, rest, headers.get("content-type"));
            }
            try (HttpResponse r = new HttpResponse(status, headers, body(rest, method, status, headers))) {
                failure.accept(r);
            }
            throw new IOException("the daemon answered HTTP " + status);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads the response head from the socket, keeping what follows it for the stream. */
    private static final class HeadReader {
        private final DaemonSocket socket;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int end;

        HeadReader(DaemonSocket socket) {
            this.socket = socket;
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            while (true) {
                if (pos == end) {
                    int n = socket.read(buf, 0, buf.length);
                    if (n < 0) {
                        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
                    }
                    pos = 0;
                    end = n;
                    continue;
                }
                byte c = buf[pos++];
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (b.size() > 64 * 1024) {
                    throw new IOException("HTTP line too long");
                }
                b.write(c);
            }
        }

        byte[] leftover() {
            return Arrays.copyOfRange(buf, pos, end);
        }
    }

    private static String requestHead(String method, String target, boolean upgrade,
                                      Map<String, String> extraHeaders) {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: isulad\r\n")
                .append("User-Agent: isula-java\r\n")
                .append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.toString();
    }

    private static void writeRequest(DaemonSocket ch, String method, String target, byte[] body, boolean upgrade,
                                     String contentType, Map<String, String> extraHeaders) throws IOException {
        StringBuilder head = new StringBuilder(requestHead(method, target, upgrade, extraHeaders));
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n").append("Content-Length: ")
                    .append(body.length).append("\r\n");
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = h;
        if (body != null) {
            request = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, request, h.length, body.length);
        }
        ch.write(request, 0, request.length);
    }

    static HttpResponse readResponse(InputStream in, String method) throws IOException {
        String statusLine;
        Map<String, String> headers;
        int status;
        do {
            statusLine = HttpResponse.readLine(in);
            if (statusLine == null) {
                throw new IOException("the daemon closed the connection without a response");
            }
            status = parseStatus(statusLine);
            headers = readHeaders(in);
        } while (status >= 100 && status < 200);
        return new HttpResponse(status, headers, body(in, method, status, headers));
    }

    private static int parseStatus(String line) throws IOException {
        // "HTTP/1.1 200 OK"; the reason phrase is optional
        int sp = line.indexOf(' ');
        if (!line.startsWith("HTTP/") || sp < 0 || line.length() < sp + 4) {
            throw new IOException("bad HTTP status line: " + line);
        }
        try {
            return Integer.parseInt(line.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + line);
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = HttpResponse.readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad HTTP header: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String earlier = headers.get(name);
            headers.put(name, earlier == null ? value : earlier + ", " + value);
            if (headers.size() > 256) {
                throw new IOException("too many HTTP headers");
            }
        }
        return headers;
    }

    private static InputStream body(InputStream in, String method, int status, Map<String, String> headers)
            throws IOException {
        if ("HEAD".equals(method) || status == 204 || status == 304) {
            return new LimitedInputStream(in, 0);
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(in);
        }
        String cl = headers.get("content-length");
        if (cl != null) {
            try {
                return new LimitedInputStream(in, Long.parseLong(cl.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + cl);
            }
        }
        return in;
    }
}
