package io.isula.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Raw HTTP/1.1 over a Unix socket with the JDK alone, so the tests see exactly what goes over the wire. */
final class UnixHttpClient implements Closeable {
    record Head(int status, Map<String, String> headers) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
        boolean chunked() { return "chunked".equalsIgnoreCase(header("transfer-encoding")); }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private UnixHttpClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel));
        this.out = Channels.newOutputStream(channel);
    }

    static UnixHttpClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new UnixHttpClient(ch);
    }

    /** One request on a fresh connection, closed afterwards. */
    static Response call(Path socket, String method, String path, String body) throws IOException {
        try (UnixHttpClient c = connect(socket)) {
            c.send(method, path, body);
            return c.read(method.equals("HEAD"));
        }
    }

    void send(String method, String path, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Head readHead() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new HashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers);
    }

    /** The next chunk of a chunked body; null at its end. */
    byte[] readChunk() throws IOException {
        String size = line();
        if (size == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
            line();
            return null;
        }
        byte[] data = in.readNBytes(n);
        line();
        return data;
    }

    Response read(boolean head) throws IOException {
        Head h = readHead();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (h.chunked()) {
            byte[] chunk;
            while ((chunk = readChunk()) != null) {
                body.write(chunk);
            }
        } else if (h.header("content-length") != null) {
            body.write(in.readNBytes(Integer.parseInt(h.header("content-length"))));
        } else if (!head && h.status() != 204 && h.status() != 304) {
            in.transferTo(body);
        }
        return new Response(h.status(), h.headers(), body.toByteArray());
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
