package io.isula.itest.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Raw HTTP/1.1 over the daemon's unix socket, byte for byte as written (for pings and hostile requests). */
final class UnixHttp {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unix-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    private UnixHttp() {
    }

    /** A response: status code from the status line, and the raw text (headers + body). */
    record Response(int status, String raw) {
        String body() {
            int i = raw.indexOf("\r\n\r\n");
            return i < 0 ? "" : raw.substring(i + 4);
        }
    }

    /** Sends {@code request} and reads until the server closes (send {@code Connection: close}). */
    static Response exchange(Path socket, String request, Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing is the point
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) ch.write(out);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                ByteBuffer in = ByteBuffer.allocate(8192);
                while (ch.read(in) >= 0) {
                    got.write(in.array(), 0, in.position());
                    in.clear();
                    if (got.size() > 4 << 20) break;
                    if (completeResponse(got.toString(StandardCharsets.UTF_8))) break;
                }
                String raw = got.toString(StandardCharsets.UTF_8);
                return new Response(status(raw), raw);
            } finally {
                guard.cancel(false);
            }
        }
    }

    /** Connects, writes {@code partial}, then closes without reading: a client that went away mid-request. */
    static void writeAndHangUp(Path socket, String partial) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(partial.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) ch.write(out);
        }
    }

    /** GET /_ping answered 200 with body OK. */
    static boolean ping(Path socket) {
        try {
            Response r = exchange(socket, "GET /_ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                    Duration.ofSeconds(5));
            return r.status() == 200 && r.body().strip().endsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    static String post(String path, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + b.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static int status(String raw) {
        if (!raw.startsWith("HTTP/1.")) return -1;
        String[] f = raw.split(" ", 3);
        try {
            return Integer.parseInt(f[1].trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Stop reading once a Content-Length body is complete (some servers keep the connection open). */
    private static boolean completeResponse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) return false;
        String head = raw.substring(0, end).toLowerCase();
        int cl = head.indexOf("content-length:");
        if (cl < 0) return head.contains("transfer-encoding: chunked") && raw.endsWith("0\r\n\r\n");
        int eol = head.indexOf("\r\n", cl);
        int len = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
        return raw.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= len;
    }
}
