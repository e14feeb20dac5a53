package io.isula.itest.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Docker registry token protocol on 127.0.0.1 (JDK HTTP server, plain HTTP): {@code GET /token?service=S&scope=
 * repository:NAME:pull,push} with optional basic auth, and the OAuth2 password grant ({@code POST /token}, form
 * fields grant_type=password, username, password, service, scope) as containerd sends it. Answers
 * {@code {"token", "access_token", "expires_in", "issued_at"}} with an RS256 JWT whose {@code access} claim holds
 * what the caller may do: the requested actions it was granted, possibly none (the registry then refuses).
 * Wrong or unknown credentials get 401.
 *
 * <p>Signing, as distribution 2.8 verifies it, either way: {@link Signing#KEY_ID} puts the libtrust key id of the
 * signing key in the JWT header's {@code kid} and the signing certificate itself in the registry's
 * {@code rootcertbundle}; {@link Signing#CERT_CHAIN} puts the signing certificate in {@code x5c} and only the CA in the
 * bundle, so the registry checks the chain.
 */
public final class TokenServer implements AutoCloseable {
    /** The grantee for requests without credentials. */
    public static final String ANONYMOUS = "<anonymous>";
    /** A repository name in {@link Builder#grant} that stands for every repository. */
    public static final String ANY_REPOSITORY = "*";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the registry finds the key that signed a token. */
    public enum Signing { KEY_ID, CERT_CHAIN }

    /** One request the server answered: who asked (null when anonymous), for what, and the HTTP status given. */
    public record TokenRequest(String method, String user, String service, List<String> scopes, int status) {
    }

    private final Path dir;
    private final Map<String, String> users;
    private final Map<String, Map<String, Set<String>>> grants;
    private final Set<String> publicRepositories;
    private final Signing signing;
    private final Duration lifetime;
    private final String service;
    private final String issuer;
    private final PrivateKey signingKey;
    private final X509Certificate signingCert;
    private final Path rootCertBundle;
    private final List<TokenRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private ExecutorService executor;

    private TokenServer(Path dir, Builder b) throws IOException {
        this.dir = dir;
        this.users = Map.copyOf(b.users);
        this.grants = b.grants;
        this.publicRepositories = Set.copyOf(b.publicRepositories);
        this.signing = b.signing;
        this.lifetime = b.lifetime;
        this.service = b.service;
        this.issuer = b.issuer;
        TestCa.KeyPairFiles signer = b.ca.issue("token-signer-" + HexFormat.of().formatHex(randomBytes(4)),
                "keyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n");
        this.signingKey = TestCa.readPrivateKey(signer.key());
        this.signingCert = TestCa.readCertificates(signer.cert()).get(0);
        this.rootCertBundle = dir.resolve("rootcertbundle.pem");
        Files.copy(signing == Signing.KEY_ID ? signer.cert() : b.ca.caCert(), rootCertBundle);
    }

    public static Builder builder(TestCa ca) {
        return new Builder(ca);
    }

    /** The token endpoint: the registry's {@code auth.token.realm}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry's {@code auth.token.service}: the audience of every token. */
    public String service() {
        return service;
    }

    /** The registry's {@code auth.token.issuer}. */
    public String issuer() {
        return issuer;
    }

    /** The registry's {@code auth.token.rootcertbundle}: the signing certificate (KEY_ID) or the CA (CERT_CHAIN). */
    public Path rootCertBundle() {
        return rootCertBundle;
    }

    public Signing signing() {
        return signing;
    }

    /** The libtrust key id of the signing key, as distribution computes it from the certificates of its bundle. */
    public String keyId() {
        return libtrustKeyId(signingCert.getPublicKey());
    }

    /** Every request answered so far, oldest first. */
    public List<TokenRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        requests.clear();
    }

    /**
     * A signed token for {@code user} ({@link #ANONYMOUS} or a configured user, not checked against its password)
     * holding the granted part of {@code scopes}.
     */
    public String issue(String user, List<String> scopes) {
        Instant now = Instant.now();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        if (signing == Signing.KEY_ID) {
            header.put("kid", keyId());
        } else {
            try {
                header.putArray("x5c").add(Base64.getEncoder().encodeToString(signingCert.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new AssertionError("cannot encode the signing certificate: " + e, e);
            }
        }
        ObjectNode claims = JSON.createObjectNode().put("iss", issuer).put("sub", user.equals(ANONYMOUS) ? "" : user)
                // distribution 2.8 reads "aud" as one string, not an array
                .put("aud", service).put("exp", now.plus(lifetime).getEpochSecond())
                .put("nbf", now.minusSeconds(10).getEpochSecond()).put("iat", now.getEpochSecond())
                .put("jti", HexFormat.of().formatHex(randomBytes(16)));
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            Scope s = Scope.parse(scope);
            if (s == null) continue;
            List<String> allowed = s.actions().stream().filter(a -> allowed(user, s, a)).toList();
            if (allowed.isEmpty()) continue;
            ObjectNode entry = access.addObject().put("type", s.type()).put("name", s.name());
            allowed.forEach(entry.putArray("actions")::add);
        }
        String signingInput = b64url(bytes(header)) + "." + b64url(bytes(claims));
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(signingKey);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64url(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot sign a token: " + e, e);
        }
    }

    private boolean allowed(String user, Scope s, String action) {
        if (!s.type().equals("repository")) return false;
        if (action.equals("pull") && publicRepositories.contains(s.name())) return true;
        Map<String, Set<String>> byRepo = grants.getOrDefault(user, Map.of());
        return byRepo.getOrDefault(s.name(), Set.of()).contains(action)
                || byRepo.getOrDefault(ANY_REPOSITORY, Set.of()).contains(action);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            Map<String, List<String>> params;
            if (method.equals("GET")) {
                params = parseForm(ex.getRequestURI().getRawQuery());
            } else if (method.equals("POST")) {
                params = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } else {
                answer(ex, new TokenRequest(method, null, null, List.of(), 405), error("UNSUPPORTED", "use GET or POST"));
                return;
            }
            List<String> scopes = params.getOrDefault("scope", List.of()).stream()
                    .flatMap(s -> List.of(s.split(" ")).stream()).filter(s -> !s.isEmpty()).toList();
            String askedService = first(params, "service");
            String user;
            String password;
            if (method.equals("POST")) {
                if (!"password".equals(first(params, "grant_type"))) {
                    answer(ex, new TokenRequest(method, null, askedService, scopes, 400),
                            error("UNSUPPORTED", "only grant_type=password is supported"));
                    return;
                }
                user = first(params, "username");
                password = first(params, "password");
            } else {
                String[] basic = basicCredentials(ex.getRequestHeaders().getFirst("Authorization"));
                user = basic == null ? null : basic[0];
                password = basic == null ? null : basic[1];
            }
            if (askedService != null && !askedService.equals(service)) {
                answer(ex, new TokenRequest(method, user, askedService, scopes, 400),
                        error("INVALID_REQUEST", "unknown service '" + askedService + "', this server issues for '" + service + "'"));
                return;
            }
            if (user != null && (password == null || !password.equals(users.get(user)))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"isula-test-token\"");
                answer(ex, new TokenRequest(method, user, askedService, scopes, 401),
                        error("UNAUTHORIZED", "invalid username or password"));
                return;
            }
            String token = issue(user == null ? ANONYMOUS : user, scopes);
            ObjectNode body = JSON.createObjectNode();
            if (method.equals("GET")) body.put("token", token);
            body.put("access_token", token).put("expires_in", lifetime.toSeconds())
                    .put("issued_at", Instant.now().toString());
            if (method.equals("POST")) body.put("scope", String.join(" ", scopes));
            answer(ex, new TokenRequest(method, user, askedService, scopes, 200), body);
        }
    }

    private void answer(HttpExchange ex, TokenRequest request, ObjectNode body) throws IOException {
        requests.add(request);
        byte[] b = bytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(request.status(), b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return body;
    }

    private static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new String[] {"", null};
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, null} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * libtrust's key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 (RFC 4648, no padding),
     * in twelve groups of four characters joined by ':'.
     */
    static String libtrustKeyId(PublicKey key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        String b32 = base32(java.util.Arrays.copyOf(digest, 30));
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < b32.length(); i += 4) groups.add(b32.substring(i, Math.min(b32.length(), i + 4)));
        return String.join(":", groups);
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        return out.toString();
    }

    private static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "token-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    @Override
    public void close() {
        try {
            if (server != null) server.stop(0);
            if (executor != null) executor.shutdownNow();
        } finally {
            io.isula.itest.e2e.Files2.deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "token server " + (server == null ? "(not started)" : realm()) + " (" + signing + ")";
    }

    /** {@code TYPE:NAME:ACTION,ACTION}; NAME may itself hold ':' (a registry host with a port). */
    private record Scope(String type, String name, List<String> actions) {
        static Scope parse(String s) {
            int first = s.indexOf(':');
            int last = s.lastIndexOf(':');
            if (first <= 0 || last == first) return null;
            return new Scope(s.substring(0, first), s.substring(first + 1, last),
                    List.of(s.substring(last + 1).split(",")).stream().filter(a -> !a.isEmpty()).distinct().toList());
        }
    }

    /** Users, grants, signing mode and token lifetime; {@link #start()} listens on a free port of 127.0.0.1. */
    public static final class Builder {
        private final TestCa ca;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, Map<String, Set<String>>> grants = new LinkedHashMap<>();
        private final Set<String> publicRepositories = new LinkedHashSet<>();
        private Signing signing = Signing.KEY_ID;
        private Duration lifetime = Duration.ofMinutes(5);
        private String service = "isula-test-registry";
        private String issuer = "isula-test-token-issuer";

        private Builder(TestCa ca) {
            this.ca = ca;
        }

        public Builder user(String name, String password) {
            if (name.isEmpty() || name.contains(":") || name.equals(ANONYMOUS)) {
                throw new IllegalArgumentException("bad user name: '" + name + "'");
            }
            users.put(name, password);
            return this;
        }

        /** Lets {@code user} (or {@link #ANONYMOUS}) do {@code actions} (pull, push, delete, *) on {@code repository}. */
        public Builder grant(String user, String repository, String... actions) {
            grants.computeIfAbsent(user, u -> new LinkedHashMap<>())
                    .computeIfAbsent(repository, r -> new LinkedHashSet<>()).addAll(List.of(actions));
            return this;
        }

        /** Anyone, anonymous included, may pull {@code repository}. */
        public Builder publicRepository(String repository) {
            publicRepositories.add(repository);
            return this;
        }

        public Builder signing(Signing signing) {
            this.signing = signing;
            return this;
        }

        /** The tokens' validity ({@code exp} and {@code expires_in}). */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public TokenServer start() {
            for (String grantee : grants.keySet()) {
                if (!grantee.equals(ANONYMOUS) && !users.containsKey(grantee)) {
                    throw new IllegalArgumentException("grant for unknown user '" + grantee + "'");
                }
            }
            Path dir;
            try {
                dir = Files.createTempDirectory(Path.of("/tmp"), "isula-test-token-");
            } catch (IOException e) {
                throw new AssertionError("cannot create the token server folder: " + e, e);
            }
            TokenServer t = null;
            try {
                t = new TokenServer(dir, this);
                t.start();
                return t;
            } catch (IOException e) {
                if (t != null) t.close();
                else io.isula.itest.e2e.Files2.deleteTree(dir);
                throw new AssertionError("cannot start the token server: " + e, e);
            } catch (RuntimeException | Error e) {
                if (t != null) t.close();
                else io.isula.itest.e2e.Files2.deleteTree(dir);
                throw e;
            }
        }
    }
}
