package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.isula.itest.e2e.Poll;
import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Test;


/**
 * Each registry mode for real: skopeo pushes the busybox layout and reads back the same digests; wrong credentials
 * get 401; close() stops the process and removes its folder.
 */
class RegistryServerTest extends RegistryTestBed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Skopeo.Credentials ALICE = new Skopeo.Credentials("alice", "alice-secret");

    @Override
    protected String workPrefix() {
        return "isula-test-registry-modes-";
    }

    @Test
    void plainHttp() {
        try (RegistryServer r = RegistryServer.plain()) {
            assertEquals("http://" + r.hostPort(), r.baseUri().toString());
            assertEquals(200, r.get("/v2/", Map.of()).statusCode());
            pushAndReadBack(r, "library/busybox:1", null);
        }
    }

    @Test
    void tlsWithTheTestCa() {
        try (RegistryServer r = RegistryServer.tls(ca)) {
            assertEquals("https://" + r.hostPort(), r.baseUri().toString());
            HttpResponse<String> v2 = r.get("/v2/", Map.of());
            assertEquals(200, v2.statusCode());
            assertEquals("registry/2.0", v2.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
            pushAndReadBack(r, "tls/busybox:1", null);
            Result untrusted = skopeo.run(List.of("inspect", "docker://" + r.ref("tls/busybox:1")));
            assertNotEquals(0, untrusted.exitCode(), "a client without the test CA must refuse the certificate:\n" + untrusted);
            assertTrue(untrusted.all().contains("certificate"), untrusted::toString);
        }
    }

    @Test
    void basicAuthOverTls() {
        try (RegistryServer r = RegistryServer.basicAuth(ca, Map.of(ALICE.user(), ALICE.password()))) {
            assertUnauthorizedWithoutGoodCredentials(r);
            assertEquals(200, r.get("/v2/", Map.of("Authorization", RegistryServer.basic("alice", "alice-secret"))).statusCode());
            pushAndReadBack(r, "private/busybox:1", ALICE);
            assertSkopeoRefused(skopeo.tryInspect(r, "private/busybox:1", new Skopeo.Credentials("alice", "wrong"), List.of()));
            assertSkopeoRefused(skopeo.tryInspect(r, "private/busybox:1", null, List.of()));
            assertSkopeoRefused(skopeo.tryPush(busybox.transportRef(), r, "private/other:1",
                    new Skopeo.Credentials("mallory", "alice-secret"), Skopeo.Format.OCI));
        }
    }

    /** distribution 2.8 does not require TLS for basic auth: the registry accepts credentials over plain HTTP. */
    @Test
    void basicAuthOverPlainHttp() {
        try (RegistryServer r = RegistryServer.basicAuth(null, Map.of(ALICE.user(), ALICE.password()))) {
            assertUnauthorizedWithoutGoodCredentials(r);
            pushAndReadBack(r, "private/busybox:1", ALICE);
            assertSkopeoRefused(skopeo.tryInspect(r, "private/busybox:1", new Skopeo.Credentials("alice", "wrong"), List.of()));
        }
    }

    @Test
    void dockerSchema2ConversionKeepsTheLayerBlobs() throws IOException {
        try (RegistryServer r = RegistryServer.plain()) {
            skopeo.push(busybox.transportRef(), r, "docker/busybox:v2s2", null, Skopeo.Format.DOCKER_V2S2);
            JsonNode m = JSON.readTree(skopeo.rawManifest(r, "docker/busybox:v2s2", null));
            assertEquals("application/vnd.docker.distribution.manifest.v2+json", m.path("mediaType").asText());
            assertEquals("application/vnd.docker.container.image.v1+json", m.path("config").path("mediaType").asText());
            assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", m.path("layers").get(0).path("mediaType").asText());
            assertEquals(busybox.layerDigests(), skopeo.inspect(r, "docker/busybox:v2s2", null).layers());
        }
    }

    @Test
    void multiPlatformIndexAndZstdLayers() throws IOException {
        OciIndex multi = TestImages.multiPlatform(work.resolve("layout-multi"), "multi");
        OciImage zstd = TestImages.busybox(work.resolve("layout-zstd"), "busybox:zstd", Compression.ZSTD);
        try (RegistryServer r = RegistryServer.tls(ca)) {
            skopeo.push(multi, r, "multi/busybox:1", null);
            JsonNode index = JSON.readTree(skopeo.rawManifest(r, "multi/busybox:1", null));
            assertEquals(OciLayout.MEDIA_INDEX, index.path("mediaType").asText());
            assertEquals(2, index.path("manifests").size());
            assertEquals(multi.index().digest(), skopeo.inspect(r, "multi/busybox:1", null).digest());
            for (Platform p : List.of(Platform.host(), Platform.other())) {
                Skopeo.Inspection i = skopeo.inspect(r, "multi/busybox:1", null, p);
                assertEquals(multi.image(p).layerDigests(), i.layers(), "layers of " + p);
            }
            HttpResponse<String> byDigest = r.get("/v2/multi/busybox/manifests/" + multi.image(Platform.other()).manifest().digest(),
                    Map.of("Accept", OciLayout.MEDIA_MANIFEST));
            assertEquals(200, byDigest.statusCode(), "every image of the index is pushed: " + byDigest.body());

            skopeo.push(zstd, r, "zstd/busybox:1", null);
            JsonNode m = JSON.readTree(skopeo.rawManifest(r, "zstd/busybox:1", null));
            assertEquals(Compression.ZSTD.mediaType(), m.path("layers").get(0).path("mediaType").asText());
            assertEquals(zstd.layerDigests(), skopeo.inspect(r, "zstd/busybox:1", null).layers());
        }
    }

    @Test
    void closeStopsTheProcessAndRemovesItsFolder() {
        RegistryServer r = RegistryServer.plain();
        long pid = r.pid();
        Path storage = r.storageDir();
        Path log = r.logFile();
        assertTrue(ProcessHandle.of(pid).isPresent());
        r.close();
        Poll.until(Duration.ofSeconds(10), "registry " + pid + " to be gone", () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(storage));
        assertFalse(Files.exists(log));
        assertThrows(AssertionError.class, () -> r.get("/v2/", Map.of()), "nothing answers on " + r.hostPort() + " any more");
    }

    private void pushAndReadBack(RegistryServer r, String repoTag, Skopeo.Credentials creds) {
        skopeo.push(busybox, r, repoTag, creds);
        Skopeo.Inspection i = skopeo.inspect(r, repoTag, creds);
        assertEquals(busybox.manifest().digest(), i.digest(), () -> i.json().toPrettyString());
        assertEquals(busybox.layerDigests(), i.layers());
        String repo = repoTag.substring(0, repoTag.indexOf(':'));
        Skopeo.Inspection byDigest = skopeo.inspect(r, repo + "@" + busybox.manifest().digest(), creds);
        assertEquals(busybox.layerDigests(), byDigest.layers());
        assertTrue(r.log().contains("/v2/" + repo + "/manifests/"), "the access log shows the pushes:\n" + r.logTail(5));
    }

    private static void assertUnauthorizedWithoutGoodCredentials(RegistryServer r) {
        HttpResponse<String> anonymous = r.get("/v2/", Map.of());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="),
                anonymous.headers()::toString);
        assertEquals(401, r.get("/v2/", Map.of("Authorization", RegistryServer.basic("alice", "wrong"))).statusCode());
        assertEquals(401, r.get("/v2/", Map.of("Authorization", RegistryServer.basic("bob", "alice-secret"))).statusCode());
    }

    private static void assertSkopeoRefused(Result r) {
        assertNotEquals(0, r.exitCode(), () -> "must be refused:\n" + r);
        assertTrue(r.all().toLowerCase().contains("unauthorized") || r.all().contains("401"), r::toString);
    }
}
