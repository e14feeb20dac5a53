package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Test;


/**
 * Bearer-token registries for real: distribution 2.8 accepts the tokens of {@link TokenServer} signed either way
 * (kid or x5c), grants exactly what the token says, and refuses tokens of an untrusted signer.
 */
class TokenServerTest extends RegistryTestBed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Skopeo.Credentials ALICE = new Skopeo.Credentials("alice", "alice-secret");
    private static final Skopeo.Credentials BOB = new Skopeo.Credentials("bob", "bob-secret");
    private static final String PRIVATE = "private/busybox";
    private static final String PUBLIC = "public/busybox";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @Override
    protected String workPrefix() {
        return "isula-test-token-";
    }

    private TokenServer.Builder tokens(TestCa signerCa) {
        return TokenServer.builder(signerCa).user(ALICE.user(), ALICE.password()).user(BOB.user(), BOB.password())
                .grant("alice", PRIVATE, "pull", "push").grant("alice", PUBLIC, "pull", "push").publicRepository(PUBLIC);
    }

    @Test
    void keyIdTokensOverTls() throws IOException {
        try (TokenServer tokens = tokens(ca).signing(TokenServer.Signing.KEY_ID).start();
                RegistryServer r = RegistryServer.tokenAuth(ca, tokens)) {
            assertTrue(tokens.keyId().matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}"), tokens.keyId());
            HttpResponse<String> challenge = r.get("/v2/", Map.of());
            assertEquals(401, challenge.statusCode());
            assertEquals("Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service() + "\"",
                    challenge.headers().firstValue("WWW-Authenticate").orElse(""));

            skopeo.push(busybox, r, PRIVATE + ":1", ALICE);
            skopeo.push(busybox, r, PUBLIC + ":1", ALICE);
            assertTrue(tokens.requests().stream().anyMatch(q -> "alice".equals(q.user()) && q.status() == 200
                    && q.scopes().contains("repository:" + PRIVATE + ":pull,push")), tokens.requests()::toString);

            Skopeo.Inspection asAlice = skopeo.inspect(r, PRIVATE + ":1", ALICE);
            assertEquals(busybox.manifest().digest(), asAlice.digest());
            assertEquals(busybox.layerDigests(), asAlice.layers());
            assertEquals(busybox.layerDigests(), skopeo.inspect(r, PUBLIC + ":1", null).layers(), "anonymous pull of a public repository");
            assertRefused(skopeo.tryInspect(r, PRIVATE + ":1", null, List.of()));
            assertRefused(skopeo.tryInspect(r, PRIVATE + ":1", BOB, List.of()));
            assertRefused(skopeo.tryInspect(r, PRIVATE + ":1", new Skopeo.Credentials("alice", "wrong"), List.of()));
            assertRefused(skopeo.tryPush(busybox.transportRef(), r, PUBLIC + ":by-bob", BOB, Skopeo.Format.OCI));

            // the protocol by hand, as the image provider will speak it
            JsonNode answer = tokenByGet(tokens, "alice", "alice-secret", "repository:" + PRIVATE + ":pull");
            assertEquals(answer.path("token").asText(), answer.path("access_token").asText());
            assertEquals(300, answer.path("expires_in").asInt());
            assertFalse(answer.path("issued_at").asText().isEmpty());
            JsonNode header = jwtPart(answer.path("token").asText(), 0);
            assertEquals(tokens.keyId(), header.path("kid").asText());
            assertTrue(header.path("x5c").isMissingNode());
            JsonNode claims = jwtPart(answer.path("token").asText(), 1);
            assertEquals("[{\"type\":\"repository\",\"name\":\"private/busybox\",\"actions\":[\"pull\"]}]", claims.path("access").toString());

            HttpResponse<String> manifest = getManifest(r, PRIVATE, answer.path("token").asText());
            assertEquals(200, manifest.statusCode(), manifest::body);
            assertEquals(busybox.manifest().digest(), manifest.headers().firstValue("Docker-Content-Digest").orElse(""));

            String bobsToken = tokenByGet(tokens, "bob", "bob-secret", "repository:" + PRIVATE + ":pull").path("token").asText();
            assertEquals("[]", jwtPart(bobsToken, 1).path("access").toString(), "bob is granted nothing on " + PRIVATE);
            HttpResponse<String> denied = getManifest(r, PRIVATE, bobsToken);
            assertEquals(401, denied.statusCode());
            assertTrue(denied.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"insufficient_scope\""),
                    denied.headers()::toString);
            assertEquals(200, getManifest(r, PUBLIC, tokenByGet(tokens, null, null, "repository:" + PUBLIC + ":pull")
                    .path("token").asText()).statusCode());

            assertEquals(401, rawTokenRequest(tokens, "alice", "wrong", "repository:" + PRIVATE + ":pull").statusCode());
            assertEquals(401, rawTokenRequest(tokens, "nobody", "alice-secret", "repository:" + PRIVATE + ":pull").statusCode());

            String form = "grant_type=password&username=alice&password=alice-secret&client_id=isula-test&service="
                    + enc(tokens.service()) + "&scope=" + enc("repository:" + PRIVATE + ":pull");
            HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(tokens.realm()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertEquals(200, post.statusCode(), post::body);
            assertEquals(200, getManifest(r, PRIVATE, JSON.readTree(post.body()).path("access_token").asText()).statusCode());

            try (TestCa otherCa = TestCa.create(); TokenServer rogue = tokens(otherCa).start()) {
                String forged = rogue.issue("alice", List.of("repository:" + PRIVATE + ":pull"));
                assertEquals(401, getManifest(r, PRIVATE, forged).statusCode(), "a token of an untrusted key must be refused");
            }
        }
    }

    @Test
    void certChainTokensOverPlainHttp() throws IOException {
        try (TokenServer tokens = tokens(ca).signing(TokenServer.Signing.CERT_CHAIN).start();
                RegistryServer r = RegistryServer.tokenAuth(null, tokens)) {
            assertEquals(TestCa.readCertificates(ca.caCert()), TestCa.readCertificates(tokens.rootCertBundle()),
                    "the registry trusts only the CA; the token carries its certificate");
            skopeo.push(busybox, r, PRIVATE + ":1", ALICE);
            assertEquals(busybox.layerDigests(), skopeo.inspect(r, PRIVATE + ":1", ALICE).layers());
            assertRefused(skopeo.tryInspect(r, PRIVATE + ":1", BOB, List.of()));

            String token = tokenByGet(tokens, "alice", "alice-secret", "repository:" + PRIVATE + ":pull").path("token").asText();
            JsonNode header = jwtPart(token, 0);
            assertEquals(1, header.path("x5c").size());
            assertTrue(header.path("kid").isMissingNode());
            assertEquals(200, getManifest(r, PRIVATE, token).statusCode());
        }
    }

    private JsonNode tokenByGet(TokenServer tokens, String user, String password, String scope) throws IOException {
        HttpResponse<String> resp = rawTokenRequest(tokens, user, password, scope);
        assertEquals(200, resp.statusCode(), resp::body);
        return JSON.readTree(resp.body());
    }

    private HttpResponse<String> rawTokenRequest(TokenServer tokens, String user, String password, String scope) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tokens.realm() + "?service=" + enc(tokens.service())
                + "&scope=" + enc(scope))).GET();
        if (user != null) b.header("Authorization", RegistryServer.basic(user, password));
        return send(b.build());
    }

    private HttpResponse<String> getManifest(RegistryServer r, String repo, String token) {
        return r.get("/v2/" + repo + "/manifests/1", Map.of("Authorization", "Bearer " + token, "Accept", OciLayout.MEDIA_MANIFEST));
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(req.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode jwtPart(String jwt, int part) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertRefused(Result r) {
        assertNotEquals(0, r.exitCode(), () -> "must be refused:\n" + r);
        String all = r.all().toLowerCase();
        assertTrue(all.contains("unauthorized") || all.contains("401") || all.contains("denied"), r::toString);
    }
}
