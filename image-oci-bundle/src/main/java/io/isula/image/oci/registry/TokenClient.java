package io.isula.image.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.Credentials;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/** Fetches bearer tokens from a registry's token server (distribution spec "Token Authentication"). */
final class TokenClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_LIFETIME_SECONDS = 60;
    private static final long MAX_TOKEN_RESPONSE = 1024 * 1024;

    private final HttpIo io;
    private final Clock clock;

    TokenClient(HttpIo io, Clock clock) {
        this.io = io;
        this.clock = clock;
    }

    BearerToken fetch(RegistryEndpoint endpoint, String realm, String service, List<String> scopes, Credentials creds) {
        URI uri = tokenUri(endpoint, realm, service, scopes, creds);
        HttpRequest.Builder request = io.request(uri);
        if (creds != null) {
            String pair = creds.username() + ":" + creds.password();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        // the realm's own host decides plain HTTP and TLS: the endpoint's settings do not carry over to another host
        RegistryEndpoint owner = uri.getRawAuthority().equals(endpoint.authority()) ? endpoint : null;
        HttpResponse<InputStream> response = io.send(io.clientFor(uri, owner), request.build());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            String why = RegistryFailure.describe(status, io.errorBody(response));
            throw RegistryAuthenticator.unauthorized(endpoint.authority() + ": unauthorized: "
                    + (creds != null ? "incorrect username or password" : "authentication required")
                    + " (token server " + hostOf(uri) + ": " + why + ")");
        }
        if (status != 200) {
            String why = RegistryFailure.describe(status, io.errorBody(response));
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "token server " + hostOf(uri) + " of "
                    + endpoint.authority() + " answered " + status + ": " + why);
        }
        byte[] body = io.readBounded(response, MAX_TOKEN_RESPONSE, "token response");
        return parse(body, endpoint, uri);
    }

    private URI tokenUri(RegistryEndpoint endpoint, String realm, String service, List<String> scopes, Credentials creds) {
        URI base;
        try {
            base = new URI(realm);
        } catch (URISyntaxException e) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, endpoint.authority() + " names a bad token realm \""
                    + realm + "\"");
        }
        if (base.getRawAuthority() == null || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, endpoint.authority() + " names a bad token realm \""
                    + realm + "\"");
        }
        StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        if (service != null) {
            append(query, "service", service);
        }
        for (String scope : scopes) {
            append(query, "scope", scope);
        }
        if (creds != null) {
            append(query, "account", creds.username());
        }
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private BearerToken parse(byte[] body, RegistryEndpoint endpoint, URI uri) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        String token = root == null ? null : text(root, "token");
        if (token == null && root != null) {
            token = text(root, "access_token");
        }
        if (token == null) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "token server " + hostOf(uri) + " of "
                    + endpoint.authority() + " sent no token");
        }
        long lifetime = root.path("expires_in").asLong(0);
        if (lifetime <= 0) {
            lifetime = DEFAULT_LIFETIME_SECONDS;
        }
        Instant now = clock.instant();
        Instant issued = now;
        String issuedAt = text(root, "issued_at");
        if (issuedAt != null) {
            try {
                Instant parsed = Instant.parse(issuedAt);
                if (parsed.isBefore(now)) {
                    issued = parsed;
                }
            } catch (DateTimeParseException ignored) {
                // a token server's odd date: count from now
            }
        }
        // stop using a token a little before it expires, so a request does not start with a dying one
        Duration margin = Duration.ofSeconds(Math.min(10, lifetime / 10));
        return new BearerToken(token, issued.plusSeconds(lifetime).minus(margin));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
