package io.isula.image.oci.registry;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the registry code's {@link HttpRequest}s through {@link HttpURLConnection} and answers with an
 * {@link HttpResponse} whose body is the connection's stream. The {@link HttpClient} given with each request only
 * carries its TLS settings (its {@link SSLContext}) and connect timeout. Why not the client itself: the daemon's JVM
 * runs C1 only, and there the JDK's asynchronous client reads a 4 MiB blob in about twice the time of
 * {@code HttpURLConnection} (and needs far more code compiled before it gets there), while a pull is mostly reading
 * blobs.
 *
 * <p>Same behaviour as the client: no redirects followed, the system's proxy selector, connections kept alive and
 * reused once a body was read to its end, the request's timeout bounding the wait for the response headers (an
 * {@link HttpTimeoutException}), a connect timeout (TLS handshake included) as an {@link HttpConnectTimeoutException}, a
 * body that ends before its Content-Length as an {@link IOException}. Unlike the client, the socket has a read timeout,
 * the shorter of the stall timeout and the request's: a silent registry fails the blocked read with a
 * {@link SocketTimeoutException} (the JDK's streams cannot be closed under a blocked reader), in the TLS handshake, the
 * wait for the headers (then reported as the request's timeout) or the body (a stall). A body closed before its end
 * drops its connection.
 * Host names are verified by the context's trust manager (endpoint identification "HTTPS"), so a context that trusts
 * anything also accepts any name, as with the client.
 */
final class UrlConnectionSender {
    private final ScheduledExecutorService scheduler;
    private final int stallMillis;
    /** One socket factory per TLS context: kept-alive HTTPS connections are reused only under the same factory. */
    private final Map<SSLContext, SSLSocketFactory> factories = new WeakHashMap<>();

    UrlConnectionSender(ScheduledExecutorService scheduler, Duration stallTimeout) {
        this.scheduler = scheduler;
        this.stallMillis = millis(stallTimeout);
    }

    HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws IOException {
        URI uri = request.uri();
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory(client.sslContext()));
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(request.method());
        client.connectTimeout().ifPresent(t -> connection.setConnectTimeout(millis(t)));
        Optional<Duration> timeout = request.timeout();
        connection.setReadTimeout(Math.min(stallMillis, timeout.map(UrlConnectionSender::millis).orElse(stallMillis)));
        request.headers().map().forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
        if (request.headers().firstValue("Accept").isEmpty()) {
            connection.setRequestProperty("Accept", "*/*"); // instead of the class's browser-like default
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timeout.isEmpty() ? null : scheduler.schedule(() -> {
            timedOut.set(true);
            connection.disconnect();
        }, timeout.get().toMillis(), TimeUnit.MILLISECONDS);
        int status;
        try {
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                HttpConnectTimeoutException t = new HttpConnectTimeoutException("HTTP connect timed out");
                t.initCause(e);
                throw t;
            }
            status = connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw requestTimedOut(e);
        } catch (IOException e) {
            connection.disconnect();
            if (timedOut.get()) {
                throw requestTimedOut(e);
            }
            throw e;
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        if (timedOut.get()) {
            connection.disconnect();
            throw requestTimedOut(null);
        }
        if (status < 0) {
            connection.disconnect();
            throw new IOException("invalid HTTP response from " + uri.getRawAuthority());
        }
        InputStream raw;
        try {
            raw = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
        HttpHeaders headers = headersOf(connection);
        long length = "HEAD".equals(request.method()) || status == 204 || status == 304 || status / 100 == 1 ? 0
                : headers.firstValueAsLong("Content-Length").orElse(-1);
        return new Response(request, status, headers, new Body(raw, connection, length));
    }

    private synchronized SSLSocketFactory socketFactory(SSLContext context) {
        return factories.computeIfAbsent(context, SSLContext::getSocketFactory);
    }

    private static HttpTimeoutException requestTimedOut(IOException cause) {
        HttpTimeoutException t = new HttpTimeoutException("request timed out");
        if (cause != null) {
            t.initCause(cause);
        }
        return t;
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static HttpHeaders headersOf(HttpURLConnection connection) {
        Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                named.merge(name, values, (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
            }
        });
        return HttpHeaders.of(named, (name, value) -> true);
    }

    /**
     * The connection's body (null: none) of {@code length} bytes (-1: unknown). Closed at its end it leaves the connection
     * for reuse; closed before, it drops the connection. A close while a read is blocked (a stall guard's) is left to the
     * reader's thread, which the socket's read timeout wakes: the JDK's stream would wait for the read to end anyway.
     */
    private static final class Body extends FilterInputStream {
        private final HttpURLConnection connection;
        private final long length;
        private long count;
        private volatile boolean ended;
        private volatile boolean reading;
        private volatile boolean closeRequested;
        private boolean closed;

        Body(InputStream in, HttpURLConnection connection, long length) {
            super(in == null ? InputStream.nullInputStream() : in);
            this.connection = connection;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (closeRequested) {
                closeNow();
                throw new IOException("the response body was closed");
            }
            reading = true;
            int n;
            try {
                n = in.read(buf, off, len);
            } finally {
                reading = false;
                if (closeRequested) {
                    closeNow();
                }
            }
            if (n > 0) {
                count += n;
            } else if (n < 0) {
                if (length >= 0 && count < length) {
                    throw new IOException("the connection closed after " + count + " of " + length + " bytes");
                }
                ended = true;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(Math.max(n, 1), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (reading) {
                closeRequested = true;
                return;
            }
            closeNow();
        }

        private synchronized void closeNow() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (ended) {
                in.close();
            } else {
                connection.disconnect();
            }
        }
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
