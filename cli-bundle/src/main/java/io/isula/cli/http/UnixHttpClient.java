package io.isula.cli.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a Unix socket, one connection per request ({@code Connection: close}), so a streaming
 * response (logs with follow, events, wait) simply owns its connection until closed.
 */
public final class UnixHttpClient {
    private final Path socket;

    public UnixHttpClient(Path socket) { this.socket = socket; }

    public Path socket() { return socket; }

    /** Sends the request and returns once the status line and headers are read. */
    public HttpResponse exchange(String method, String target, byte[] jsonBody) throws IOException {
        return exchange(method, target, jsonBody, Map.of());
    }

    /** As {@link #exchange(String, String, byte[])}, with extra request headers. */
    public HttpResponse exchange(String method, String target, byte[] jsonBody, Map<String, String> extraHeaders)
            throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            writeRequest(ch, method, target, jsonBody, extraHeaders);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            return readResponse(in, method);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends {@code file} as the request body (Content-Length known), straight from the file to the socket. */
    public HttpResponse upload(String method, String target, Path file, String contentType) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try (FileChannel body = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            long size = body.size();
            String head = requestHead(method, target, Map.of())
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + size + "\r\n\r\n";
            ByteBuffer h = ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
            while (h.hasRemaining()) {
                ch.write(h);
            }
            long sent = 0;
            while (sent < size) {
                long n = body.transferTo(sent, size - sent, ch);
                if (n <= 0) {
                    throw new IOException(file + " got shorter while it was being sent");
                }
                sent += n;
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            return readResponse(in, method);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static String requestHead(String method, String target, Map<String, String> extraHeaders) {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: isulad\r\n")
                .append("User-Agent: isula-java\r\n")
                .append("Connection: close\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.toString();
    }

    private static void writeRequest(SocketChannel ch, String method, String target, byte[] body,
                                     Map<String, String> extraHeaders) throws IOException {
        StringBuilder head = new StringBuilder(requestHead(method, target, extraHeaders));
        if (body != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length).append("\r\n");
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(h.length + (body == null ? 0 : body.length));
        buf.put(h);
        if (body != null) {
            buf.put(body);
        }
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
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
