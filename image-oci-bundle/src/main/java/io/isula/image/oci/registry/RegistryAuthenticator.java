package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.CredentialLookup;
import io.isula.image.oci.auth.Credentials;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers registry challenges: bearer tokens from the realm (cached per realm, service, scope and user until
 * {@code expires_in}), or basic credentials. Remembers each host's challenge so later requests carry the header
 * at once instead of collecting a 401 first.
 */
final class RegistryAuthenticator {
    private static final int MAX_CACHED_TOKENS = 256;
    private final CredentialLookup store;
    private final TokenClient tokens;
    private final Clock clock;
    private final Map<String, AuthChallenge> challengeByHost = new ConcurrentHashMap<>();
    private final Map<TokenKey, BearerToken> tokenCache = new ConcurrentHashMap<>();

    RegistryAuthenticator(CredentialLookup store, TokenClient tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    private record TokenKey(String realm, String service, List<String> scopes, String user) {
    }

    /** The credentials that apply to the endpoint: given with the request, else stored for its server. */
    Optional<Credentials> credentials(RegistryEndpoint endpoint) {
        if (endpoint.explicitCredentials() != null) {
            return Optional.of(endpoint.explicitCredentials());
        }
        return store.find(endpoint.credentialsKey());
    }

    /** The Authorization header to send before any challenge, when this host challenged before. */
    Optional<String> preemptive(RegistryEndpoint endpoint, String scope) {
        AuthChallenge known = challengeByHost.get(challengeKey(endpoint));
        if (known == null || (known.scheme().equals("basic") && credentials(endpoint).isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(answer(endpoint, known, scope, null));
    }

    /**
     * The Authorization header answering {@code challenges}; {@code rejected} is the header the registry just refused
     * (null when none was sent), so a cached token is not offered twice.
     */
    String respond(RegistryEndpoint endpoint, List<AuthChallenge> challenges, String scope, String rejected) {
        AuthChallenge chosen = null;
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals("bearer") && c.parameter("realm") != null) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            for (AuthChallenge c : challenges) {
                if (c.scheme().equals("basic")) {
                    chosen = c;
                    break;
                }
            }
        }
        if (chosen == null) {
            throw new RegistryFailure(EngineException.Kind.UNAUTHORIZED, endpoint.authority()
                    + ": unauthorized: the registry asks for an unsupported authentication scheme ("
                    + (challenges.isEmpty() ? "no WWW-Authenticate challenge" : challenges.get(0).scheme()) + ")");
        }
        challengeByHost.put(challengeKey(endpoint), chosen);
        String header = answer(endpoint, chosen, scope, rejected);
        if (header.equals(rejected)) {
            throw rejected(endpoint, chosen, null);
        }
        return header;
    }

    /**
     * The error for a registry that refused the header {@link #respond} gave; {@code registryError} is its error body
     * rendered (null when unknown).
     */
    RegistryFailure rejected(RegistryEndpoint endpoint, AuthChallenge challenge, String registryError) {
        boolean haveCredentials = credentials(endpoint).isPresent();
        boolean basic = challenge != null && challenge.scheme().equals("basic");
        if (!basic && endpoint.repository() != null) {
            return unauthorized("pull access denied for " + endpoint.registry() + "/" + endpoint.repository() + " at "
                    + endpoint.authority() + ", repository does not exist or may require 'isula login': "
                    + (registryError != null ? registryError : "unauthorized: authentication required"));
        }
        if (haveCredentials) {
            return unauthorized(endpoint.authority() + ": unauthorized: incorrect username or password");
        }
        return unauthorized(endpoint.authority() + ": unauthorized: authentication required (no credentials stored; isula login "
                + endpoint.credentialsKey() + ")");
    }

    AuthChallenge knownChallenge(RegistryEndpoint endpoint) {
        return challengeByHost.get(challengeKey(endpoint));
    }

    private String answer(RegistryEndpoint endpoint, AuthChallenge challenge, String scope, String rejected) {
        Optional<Credentials> creds = credentials(endpoint);
        if (challenge.scheme().equals("basic")) {
            if (creds.isEmpty()) {
                throw rejected(endpoint, challenge, null);
            }
            String pair = creds.get().username() + ":" + creds.get().password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        List<String> scopes = new ArrayList<>();
        if (scope != null) {
            scopes.add(scope);
        }
        String asked = challenge.parameter("scope");
        if (asked != null && !asked.isEmpty() && !scopes.contains(asked) && endpoint.repository() != null
                && asked.startsWith("repository:" + endpoint.repository() + ":")) {
            scopes.add(asked);
        }
        TokenKey key = new TokenKey(challenge.parameter("realm"), challenge.parameter("service"), List.copyOf(scopes),
                creds.map(Credentials::username).orElse(""));
        BearerToken cached = tokenCache.get(key);
        if (cached != null && cached.validAt(clock.instant()) && !("Bearer " + cached.token()).equals(rejected)) {
            return "Bearer " + cached.token();
        }
        BearerToken fresh = tokens.fetch(endpoint, challenge.parameter("realm"), challenge.parameter("service"), scopes,
                creds.orElse(null));
        if (tokenCache.size() >= MAX_CACHED_TOKENS) {
            tokenCache.values().removeIf(t -> !t.validAt(clock.instant()));
        }
        tokenCache.put(key, fresh);
        return "Bearer " + fresh.token();
    }

    private static String challengeKey(RegistryEndpoint endpoint) {
        return endpoint.root().getScheme() + "://" + endpoint.authority();
    }

    static RegistryFailure unauthorized(String message) {
        return new RegistryFailure(EngineException.Kind.UNAUTHORIZED, message);
    }
}
