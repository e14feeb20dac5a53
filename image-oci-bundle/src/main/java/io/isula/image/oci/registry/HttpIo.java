package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongFunction;

/** Sending requests and reading bounded bodies, with the client that fits each URL's TLS and plain-HTTP rules. */
final class HttpIo {
    private final HttpClients clients;
    private final InsecureRegistries insecure;
    private final boolean skipVerifyEnforced;
    private final RegistryOptions options;
    private final ScheduledExecutorService scheduler;
    private final UrlConnectionSender sender;

    HttpIo(HttpClients clients, RegistrySettings settings, RegistryOptions options, ScheduledExecutorService scheduler) {
        this.clients = clients;
        this.insecure = settings.insecure();
        this.skipVerifyEnforced = settings.skipVerifyEnforced();
        this.options = options;
        this.scheduler = scheduler;
        this.sender = new UrlConnectionSender(scheduler, options.stallTimeout());
    }

    RegistryOptions options() {
        return options;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * The client for {@code uri}. Plain HTTP only to an insecure registry: the endpoint's own host when it is insecure,
     * or any host listed (or resolving) as insecure. {@code endpoint} may be null (token realms, redirect targets).
     */
    HttpClient clientFor(URI uri, RegistryEndpoint endpoint) {
        String authority = uri.getRawAuthority();
        boolean ownHost = endpoint != null && authority.equals(endpoint.authority());
        boolean hostInsecure = ownHost ? endpoint.insecure() : insecure.isInsecure(authority);
        if ("http".equals(uri.getScheme())) {
            if (!hostInsecure) {
                throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "refusing plain HTTP to " + authority + " (" + uri
                        + "): it is not an insecure registry; add it to insecure-registries in daemon.json");
            }
            return clients.plain();
        }
        if (!"https".equals(uri.getScheme())) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "unsupported URL scheme in " + uri);
        }
        boolean skipVerify = skipVerifyEnforced || hostInsecure || (ownHost && endpoint.skipVerify());
        return ownHost
                ? clients.forHttps(authority, skipVerify, endpoint.caFiles(), endpoint.clientCertificates())
                : clients.forHttps(authority, skipVerify, List.of(), List.of());
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.responseTimeout()).GET();
    }

    HttpResponse<InputStream> send(HttpClient client, HttpRequest request) {
        try {
            return sender.send(client, request);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw EngineException.unavailable("interrupted while talking to " + request.uri().getRawAuthority());
            }
            throw RegistryFailure.connection(request.uri().getRawAuthority(), request.uri().toString(), e);
        }
    }

    /** The whole body, refused beyond {@code max} bytes; closes the body. */
    byte[] readBounded(HttpResponse<InputStream> response, long max, String what) {
        return readBounded(response, max, what, size -> new RegistryFailure(EngineException.Kind.UNAVAILABLE, what + " is "
                + (size > max + 1 ? size + " bytes, more" : "larger") + " than the limit of " + max + " bytes (" + response.uri() + ")"));
    }

    /** The whole body; beyond {@code max} bytes {@code tooLarge} (given the size known so far) is thrown. Closes the body. */
    byte[] readBounded(HttpResponse<InputStream> response, long max, String what, LongFunction<RegistryFailure> tooLarge) {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        InputStream in = response.body();
        try {
            if (declared > max) {
                throw tooLarge.apply(declared);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buffer = new byte[65536];
            try (StallGuard guard = new StallGuard(scheduler, options.stallTimeout(), in)) {
                int n;
                try {
                    while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - out.size()))) > 0) {
                        guard.progress();
                        out.write(buffer, 0, n);
                        if (out.size() > max) {
                            throw tooLarge.apply(out.size());
                        }
                    }
                } catch (IOException e) {
                    throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "reading " + what + " from "
                            + response.uri().getRawAuthority() + " failed: "
                            + (stalled(guard, e) ? stalled() : RegistryFailure.rootMessage(e)), true, e);
                }
                if (guard.fired()) {
                    throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "reading " + what + " from "
                            + response.uri().getRawAuthority() + " failed: " + stalled(), true, null);
                }
            }
            return out.toByteArray();
        } finally {
            discard(response);
        }
    }

    /** Whether a body read failed because the body stalled: its guard fired, or the socket's read timed out. */
    static boolean stalled(StallGuard guard, IOException e) {
        return guard.fired() || e instanceof java.net.SocketTimeoutException;
    }

    /** How a stalled body is reported: "no data for 60s". */
    String stalled() {
        long millis = options.stallTimeout().toMillis();
        return "no data for " + (millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms");
    }

    /** Drops a body not needed (an error page before a retry); never fails. */
    static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }

    /** Up to 64 KiB of an error body, for its message. */
    byte[] errorBody(HttpResponse<InputStream> response) {
        try {
            return readBounded(response, 65536, "error body");
        } catch (EngineException e) {
            return new byte[0];
        }
    }
}
