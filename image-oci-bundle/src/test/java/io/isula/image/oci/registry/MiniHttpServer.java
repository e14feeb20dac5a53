package io.isula.image.oci.registry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 server for tests (one request per connection, {@code Connection: close}), over plain sockets or TLS.
 * Like Go's server, a plain one answers a TLS handshake with a 400 at once; a handler may drop the connection
 * mid-body by throwing.
 */
final class MiniHttpServer implements AutoCloseable {
    interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final boolean tls;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mini-http");
        t.setDaemon(true);
        return t;
    });

    static MiniHttpServer start(SSLContext tlsContext, boolean needClientAuth, Handler handler) throws IOException {
        ServerSocket socket;
        if (tlsContext == null) {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } else {
            SSLServerSocket ssl = (SSLServerSocket) tlsContext.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ssl.setNeedClientAuth(needClientAuth);
            socket = ssl;
        }
        return new MiniHttpServer(socket, handler, tlsContext != null);
    }

    private MiniHttpServer(ServerSocket socket, Handler handler, boolean tls) {
        this.socket = socket;
        this.handler = handler;
        this.tls = tls;
        workers.execute(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    boolean isTls() {
        return tls;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedInputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (!tls) {
                in.mark(1);
                int first = in.read();
                if (first == 0x16) {
                    out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes());
                    out.flush();
                    return;
                }
                in.reset();
            }
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            String[] parts = requestLine.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            Exchange exchange = new Exchange(parts[0], URI.create(parts[1]), headers, out);
            try {
                handler.handle(exchange);
                exchange.finish();
            } catch (Exception e) {
                // a handler that throws drops the connection, whatever it sent
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    static final class Exchange {
        final String method;
        final URI uri;
        private final Map<String, String> requestHeaders;
        private final OutputStream out;
        private final List<String[]> responseHeaders = new ArrayList<>();
        private boolean started;

        Exchange(String method, URI uri, Map<String, String> requestHeaders, OutputStream out) {
            this.method = method;
            this.uri = uri;
            this.requestHeaders = requestHeaders;
            this.out = out;
        }

        String header(String name) {
            return requestHeaders.get(name.toLowerCase(Locale.ROOT));
        }

        void addHeader(String name, String value) {
            responseHeaders.add(new String[]{name, value});
        }

        /** Starts the response; {@code length} -1 means the body ends when the connection closes. */
        OutputStream start(int status, long length) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + RegistryFailure.reason(status) + "\r\n");
            for (String[] h : responseHeaders) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (length >= 0) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            started = true;
            return out;
        }

        void send(int status, String contentType, byte[] body) throws IOException {
            if (contentType != null) {
                addHeader("Content-Type", contentType);
            }
            start(status, body.length).write(body);
        }

        void finish() throws IOException {
            if (!started) {
                start(500, 0);
            }
            out.flush();
        }
    }
}
