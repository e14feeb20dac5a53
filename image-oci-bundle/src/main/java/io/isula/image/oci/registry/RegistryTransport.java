package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * GET requests to a registry endpoint: authentication (a 401 is answered once), plain HTTP for an insecure registry
 * whose TLS fails (remembered per host), and redirects followed by hand so that the Authorization header never
 * leaves the registry's origin (blob storage gets none).
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpIo io;
    private final RegistryAuthenticator auth;
    private final Set<String> plainHttpHosts = ConcurrentHashMap.newKeySet();

    RegistryTransport(HttpIo io, RegistryAuthenticator auth) {
        this.io = io;
        this.auth = auth;
    }

    /** A response and the endpoint that gave it (over plain HTTP when the registry's TLS failed). */
    record Exchange(RegistryEndpoint endpoint, HttpResponse<InputStream> response) {
        int status() {
            return response.statusCode();
        }
    }

    /**
     * Sends GET {@code target(endpoint)}; the caller closes the body. A 401 that authentication cannot cure is thrown
     * as an unauthorized {@link RegistryFailure}; other statuses are returned.
     */
    Exchange get(RegistryEndpoint endpoint, Function<RegistryEndpoint, URI> target, Map<String, String> headers, String scope) {
        boolean mayFallBack = endpoint.insecure() && "https".equals(endpoint.root().getScheme());
        if (mayFallBack && plainHttpHosts.contains(endpoint.authority())) {
            RegistryEndpoint http = endpoint.overPlainHttp();
            return new Exchange(http, authorized(http, target.apply(http), headers, scope));
        }
        try {
            return new Exchange(endpoint, authorized(endpoint, target.apply(endpoint), headers, scope));
        } catch (RegistryFailure overTls) {
            if (!mayFallBack || !overTls.isConnection()) {
                throw overTls;
            }
            RegistryEndpoint http = endpoint.overPlainHttp();
            try {
                Exchange exchange = new Exchange(http, authorized(http, target.apply(http), headers, scope));
                plainHttpHosts.add(endpoint.authority());
                return exchange;
            } catch (RegistryFailure overHttp) {
                if (!overHttp.isConnection()) {
                    throw overHttp;
                }
                RegistryFailure both = new RegistryFailure(overHttp.kind(), overTls.getMessage() + "; over plain HTTP: "
                        + overHttp.getMessage(), true, overHttp);
                both.addSuppressed(overTls);
                throw both;
            }
        }
    }

    private HttpResponse<InputStream> authorized(RegistryEndpoint endpoint, URI uri, Map<String, String> headers, String scope) {
        String sent = auth.preemptive(endpoint, scope).orElse(null);
        HttpResponse<InputStream> response = follow(endpoint, uri, headers, sent);
        if (response.statusCode() != 401 || !sameOrigin(response.uri(), endpoint.root())) {
            return response;
        }
        List<AuthChallenge> challenges = AuthChallenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        String firstError = RegistryFailure.describe(401, io.errorBody(response));
        String answer;
        try {
            answer = auth.respond(endpoint, challenges, scope, sent);
        } catch (RegistryFailure f) {
            if (f.kind() == EngineException.Kind.UNAUTHORIZED && f.getMessage().startsWith("pull access denied")) {
                throw auth.rejected(endpoint, auth.knownChallenge(endpoint), firstError);
            }
            throw f;
        }
        response = follow(endpoint, uri, headers, answer);
        if (response.statusCode() == 401 && sameOrigin(response.uri(), endpoint.root())) {
            String error = RegistryFailure.describe(401, io.errorBody(response));
            throw auth.rejected(endpoint, auth.knownChallenge(endpoint), error);
        }
        return response;
    }

    private HttpResponse<InputStream> follow(RegistryEndpoint endpoint, URI start, Map<String, String> headers, String authorization) {
        URI current = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = io.request(current);
            headers.forEach(request::header);
            if (authorization != null && sameOrigin(current, endpoint.root())) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = io.send(io.clientFor(current, endpoint), request.build());
            String location = response.headers().firstValue("Location").orElse(null);
            if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                return response;
            }
            HttpIo.discard(response);
            try {
                current = current.resolve(new URI(location.trim()));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, current.getRawAuthority()
                        + " redirected to a bad location \"" + location + "\"");
            }
        }
        throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "more than " + MAX_REDIRECTS + " redirects from " + start);
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getRawAuthority(), b.getRawAuthority());
    }
}
