package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.CredentialLookup;
import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageIndex;
import io.isula.image.oci.model.ImageManifest;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryClientTest {
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private FakeRegistry registry() throws IOException {
        FakeRegistry r = FakeRegistry.start();
        closeAfter.add(r);
        return r;
    }

    private RegistryClient client(Map<String, Object> daemonJson, CredentialLookup credentials) {
        return client(RegistrySettings.fromDaemonJson(daemonJson), credentials, options());
    }

    private RegistryClient client(RegistrySettings settings, CredentialLookup credentials, RegistryOptions options) {
        RegistryClient c = new RegistryClient(settings.withCertsDir(tmp.resolve("certs.d")), credentials, options);
        closeAfter.add(c);
        return c;
    }

    private RegistryOptions options() {
        return RegistryOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2))
                .withClock(clock);
    }

    private static CredentialLookup creds(String server, String user, String password) {
        return s -> s.equals(server) ? Optional.of(new Credentials(user, password)) : Optional.empty();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ImageReference ref(FakeRegistry r, String rest) {
        return ImageReference.parse(r.authority() + "/" + rest);
    }

    // ---- manifests

    @Test
    void resolvesATagToItsManifestOverPlainHttpForALoopbackRegistry() throws IOException {
        FakeRegistry r = registry();
        ImageManifest manifest = r.putImage("team/app", "1.0", CONFIG, random(1000, 1));
        RegistryClient client = client(Map.of(), null);

        ResolvedManifest resolved = client.resolve(ref(r, "team/app:1.0"), Platform.linuxAmd64());

        assertEquals(manifest, resolved.manifest());
        assertEquals(Digest.sha256(resolved.manifestBytes()), resolved.manifestDigest());
        assertEquals(resolved.manifestDigest(), resolved.repoDigest());
        assertEquals(MediaTypes.DOCKER_MANIFEST, resolved.mediaType());
        assertEquals("http://" + r.authority() + "/v2", resolved.endpoint().root().toString());
        assertEquals(MediaTypes.MANIFEST_ACCEPT, r.requestsTo("/manifests/").get(0).accept());
    }

    @Test
    void aManifestListLeadsToThePlatformsManifest() throws IOException {
        FakeRegistry r = registry();
        byte[] armManifest = OciJson.write(new ImageManifest(2, MediaTypes.OCI_MANIFEST,
                r.blob("{}".getBytes(), MediaTypes.OCI_CONFIG), List.of(), null));
        byte[] amdManifest = OciJson.write(new ImageManifest(2, MediaTypes.OCI_MANIFEST,
                r.blob(CONFIG, MediaTypes.OCI_CONFIG), List.of(r.blob(random(10, 2), MediaTypes.OCI_LAYER_GZIP)), null));
        Digest arm = r.putManifest("multi", null, armManifest, MediaTypes.OCI_MANIFEST);
        Digest amd = r.putManifest("multi", null, amdManifest, MediaTypes.OCI_MANIFEST);
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, arm, armManifest.length, null, null, new Platform("arm64", "linux", "v8", null)),
                new Descriptor(MediaTypes.OCI_MANIFEST, amd, amdManifest.length, null, null, Platform.linuxAmd64())), null);
        Digest indexDigest = r.putManifest("multi", "latest", OciJson.write(index), MediaTypes.OCI_INDEX);
        RegistryClient client = client(Map.of(), null);

        ResolvedManifest resolved = client.resolve(ref(r, "multi"), Platform.linuxAmd64());

        assertEquals(indexDigest, resolved.repoDigest());
        assertEquals(amd, resolved.manifestDigest());
        assertArrayEquals(amdManifest, resolved.manifestBytes());
        assertEquals(MediaTypes.OCI_MANIFEST, resolved.mediaType());
        assertEquals(1, resolved.manifest().layers().size());

        EngineException e = assertThrows(EngineException.class,
                () -> client.resolve(ref(r, "multi"), new Platform("s390x", "linux", null, null)));
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("no matching manifest for linux/s390x in the manifest list entries"), e.getMessage());
    }

    @Test
    void aManifestWhoseBytesDoNotMatchTheAskedDigestIsRefused() throws IOException {
        FakeRegistry r = registry();
        byte[] real = OciJson.write(new ImageManifest(2, MediaTypes.OCI_MANIFEST, r.blob(CONFIG, MediaTypes.OCI_CONFIG), List.of(), null));
        Digest asked = Digest.sha256("something else".getBytes());
        r.putRaw("app", asked.toString(), real, MediaTypes.OCI_MANIFEST);
        RegistryClient client = client(Map.of(), null);

        EngineException e = assertThrows(EngineException.class,
                () -> client.resolve(ref(r, "app@" + asked), Platform.linuxAmd64()));
        assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
        assertTrue(e.getMessage().contains(asked.toString()), e.getMessage());

        // and a list entry whose manifest is not what its descriptor names
        Digest childAsked = Digest.sha256("child".getBytes());
        r.putRaw("app", childAsked.toString(), real, MediaTypes.OCI_MANIFEST);
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(new Descriptor(MediaTypes.OCI_MANIFEST, childAsked,
                real.length, null, null, Platform.linuxAmd64())), null);
        r.putManifest("app", "list", OciJson.write(index), MediaTypes.OCI_INDEX);
        EngineException child = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:list"), Platform.linuxAmd64()));
        assertTrue(child.getMessage().contains("manifest " + childAsked) && child.getMessage().contains("does not match its digest"),
                child.getMessage());
    }

    @Test
    void aDigestPinnedManifestIsServedWhenItMatches() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);
        Digest digest = client.resolve(ref(r, "app:1"), Platform.linuxAmd64()).manifestDigest();

        ResolvedManifest pinned = client.resolve(ref(r, "app@" + digest), Platform.linuxAmd64());
        assertEquals(digest, pinned.repoDigest());
        assertTrue(r.requestsTo("/manifests/" + digest).size() == 1);
    }

    @Test
    void missingManifestsAndRepositoriesAreNotFoundNamingTheReference() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);

        EngineException tag = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:nope"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.NOT_FOUND, tag.kind());
        assertEquals("manifest for " + r.authority() + "/app:nope not found at " + r.authority()
                + ": manifest unknown: manifest unknown", tag.getMessage());

        EngineException repo = assertThrows(EngineException.class, () -> client.resolve(ref(r, "ghost"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.NOT_FOUND, repo.kind());
        assertTrue(repo.getMessage().endsWith("name unknown: repository name not known to registry"), repo.getMessage());
    }

    @Test
    void oversizedAndSchema1ManifestsAreRefused() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG, random(100, 3), random(100, 4), random(100, 5));
        r.putRaw("app", "old", "{\"schemaVersion\":1,\"name\":\"app\",\"fsLayers\":[]}".getBytes(),
                "application/vnd.docker.distribution.manifest.v1+prettyjws");
        RegistryOptions small = new RegistryOptions(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2), 300, clock);
        RegistryClient client = client(RegistrySettings.defaults(), null, small);

        EngineException big = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:1"), Platform.linuxAmd64()));
        assertTrue(big.getMessage().contains("more than the limit of 300"), big.getMessage());
        EngineException old = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:old"), Platform.linuxAmd64()));
        assertTrue(old.getMessage().contains("schema 1"), old.getMessage());
    }

    @Test
    void aManifestServedAsJsonIsTypedByItsMediaTypeField() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        r.contentTypeOverride = p -> "application/json; charset=utf-8";
        RegistryClient client = client(Map.of(), null);
        assertEquals(MediaTypes.DOCKER_MANIFEST, client.resolve(ref(r, "app:1"), Platform.linuxAmd64()).mediaType());

        r.contentTypeOverride = p -> MediaTypes.OCI_INDEX;
        EngineException e = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:1"), Platform.linuxAmd64()));
        assertTrue(e.getMessage().contains("is served as " + MediaTypes.OCI_INDEX + " but declares " + MediaTypes.DOCKER_MANIFEST),
                e.getMessage());
    }

    // ---- authentication

    @Test
    void basicAuthUsesStoredCredentialsAndThenSendsThemAtOnce() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BASIC;
        ImageManifest m = r.putImage("private/app", "1", CONFIG, random(50, 6));
        RegistryClient client = client(Map.of(), creds(r.authority(), "alice", "s3cret"));

        ResolvedManifest resolved = client.resolve(ref(r, "private/app:1"), Platform.linuxAmd64());
        client.fetchBlob(resolved, m.layers().get(0), tmp.resolve("layer"), null);

        List<FakeRegistry.Request> manifestRequests = r.requestsTo("/manifests/");
        assertNull(manifestRequests.get(0).authorization());
        assertEquals(FakeRegistry.basic("alice", "s3cret"), manifestRequests.get(1).authorization());
        List<FakeRegistry.Request> blobRequests = r.requestsTo("/blobs/");
        assertEquals(1, blobRequests.size(), "the known challenge is answered before it is asked");
        assertEquals(FakeRegistry.basic("alice", "s3cret"), blobRequests.get(0).authorization());
    }

    @Test
    void basicAuthWithoutOrWithWrongCredentialsIsUnauthorized() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BASIC;
        r.putImage("app", "1", CONFIG);

        EngineException none = assertThrows(EngineException.class,
                () -> client(Map.of(), null).resolve(ref(r, "app:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAUTHORIZED, none.kind());
        assertEquals(r.authority() + ": unauthorized: authentication required (no credentials stored; isula login "
                + r.authority() + ")", none.getMessage());

        EngineException wrong = assertThrows(EngineException.class,
                () -> client(Map.of(), creds(r.authority(), "alice", "nope")).resolve(ref(r, "app:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAUTHORIZED, wrong.kind());
        assertEquals(r.authority() + ": unauthorized: incorrect username or password", wrong.getMessage());
    }

    @Test
    void bearerTokensAreFetchedAnonymouslyForThePullScope() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        ImageManifest m = r.putImage("library/app", "1", CONFIG, random(100, 7));
        RegistryClient client = client(Map.of(), null);

        ResolvedManifest resolved = client.resolve(ref(r, "library/app:1"), Platform.linuxAmd64());
        client.fetchBlob(resolved, m.layers().get(0), tmp.resolve("l"), null);
        assertArrayEquals(client.fetchSmallBlob(resolved, m.config(), RegistryClient.MAX_CONFIG_BYTES), CONFIG);

        List<FakeRegistry.Request> tokens = r.requestsTo("/token");
        assertEquals(1, tokens.size(), "one token serves the manifest and the blobs");
        assertNull(tokens.get(0).authorization());
        assertTrue(tokens.get(0).query().contains("scope=repository%3Alibrary%2Fapp%3Apull"), tokens.get(0).query());
        assertTrue(tokens.get(0).query().contains("service=fake+registry"), tokens.get(0).query());
        assertTrue(r.requestsTo("/blobs/").stream().allMatch(q -> q.authorization().startsWith("Bearer tok-")));
    }

    @Test
    void bearerTokensForAPrivateRepositoryNeedTheRightCredentials() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        r.anonymousPull = false;
        r.putImage("private", "1", CONFIG);

        ResolvedManifest ok = client(Map.of(), creds(r.authority(), "alice", "s3cret")).resolve(ref(r, "private:1"), Platform.linuxAmd64());
        assertEquals("private", ok.endpoint().repository());
        assertEquals(FakeRegistry.basic("alice", "s3cret"), r.requestsTo("/token").get(0).authorization());

        EngineException wrong = assertThrows(EngineException.class, () -> client(Map.of(), creds(r.authority(), "alice", "bad"))
                .resolve(ref(r, "private:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAUTHORIZED, wrong.kind());
        assertTrue(wrong.getMessage().startsWith(r.authority() + ": unauthorized: incorrect username or password"), wrong.getMessage());

        EngineException anonymous = assertThrows(EngineException.class,
                () -> client(Map.of(), null).resolve(ref(r, "private:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAUTHORIZED, anonymous.kind());
        assertEquals("pull access denied for " + r.authority() + "/private at " + r.authority()
                + ", repository does not exist or may require 'isula login': unauthorized: authentication required", anonymous.getMessage());
    }

    @Test
    void explicitCredentialsWinOverStoredOnes() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BASIC;
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), creds(r.authority(), "alice", "stale"));
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64(), new Credentials("alice", "s3cret"));
        assertEquals(FakeRegistry.basic("alice", "s3cret"), r.requestsTo("/manifests/").get(1).authorization());
    }

    @Test
    void tokensAreCachedUntilTheyExpire() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        r.tokenLifetime = 120;
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);

        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        assertEquals(1, r.tokenRequests.get());

        clock.advance(Duration.ofSeconds(100));
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        assertEquals(1, r.tokenRequests.get(), "still valid after 100 of 120 s");

        clock.advance(Duration.ofSeconds(15));
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        assertEquals(2, r.tokenRequests.get(), "renewed within the last seconds of its life");
        assertEquals(0, r.requestsTo("/manifests/").stream().skip(2).filter(q -> q.authorization() == null).count(),
                "after the first challenge every request carries its token");
    }

    @Test
    void aTokenTheRegistryNoLongerAcceptsIsReplaced() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        r.issuedTokens.clear();
        client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        assertEquals(2, r.tokenRequests.get());
    }

    @Test
    void checkLoginAcceptsGoodAndRefusesBadCredentials() throws IOException {
        FakeRegistry basic = registry();
        basic.auth = FakeRegistry.Auth.BASIC;
        FakeRegistry bearer = registry();
        bearer.auth = FakeRegistry.Auth.BEARER;
        RegistryClient client = client(Map.of(), null);

        assertEquals(basic.authority(), client.checkLogin("http://" + basic.authority() + "/v2/", "alice", "s3cret"));
        assertEquals(bearer.authority(), client.checkLogin(bearer.authority(), "alice", "s3cret"));
        assertFalse(bearer.requestsTo("/token").get(0).query() != null && bearer.requestsTo("/token").get(0).query().contains("scope="));

        EngineException badBasic = assertThrows(EngineException.class, () -> client.checkLogin(basic.authority(), "alice", "x"));
        assertEquals(EngineException.Kind.UNAUTHORIZED, badBasic.kind());
        assertEquals(basic.authority() + ": unauthorized: incorrect username or password", badBasic.getMessage());
        EngineException badBearer = assertThrows(EngineException.class, () -> client.checkLogin(bearer.authority(), "bob", "x"));
        assertEquals(EngineException.Kind.UNAUTHORIZED, badBearer.kind());
        assertTrue(badBearer.getMessage().startsWith(bearer.authority() + ": unauthorized: incorrect username or password"),
                badBearer.getMessage());
    }

    // ---- blobs

    @Test
    void aBlobIsDownloadedVerifiedAndReportedAsItComes() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(1_000_000, 8);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        r.pauseBlobMillis = 250;
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        List<Long> progress = new ArrayList<>();
        List<Long> reportedAt = new ArrayList<>();

        Path partial = tmp.resolve("downloads/layer.partial");
        client.fetchBlob(resolved, m.layers().get(0), partial, bytes -> {
            progress.add(bytes);
            reportedAt.add(System.nanoTime());
        });

        assertArrayEquals(layer, Files.readAllBytes(partial));
        assertEquals(layer.length, progress.get(progress.size() - 1));
        // the first half, reported once the pause is over
        assertTrue(progress.stream().anyMatch(p -> p >= layer.length / 2 && p < layer.length), progress.toString());
        // at Docker's pace: 100 ms at least between two reports, the last (the complete blob) aside
        for (int i = 1; i < reportedAt.size() - 1; i++) {
            assertTrue(reportedAt.get(i) - reportedAt.get(i - 1) >= 100_000_000, progress.toString());
        }
        assertNull(r.requestsTo("/blobs/").get(0).range());
    }

    @Test
    void aPartialDownloadResumesWithRange() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(300_000, 9);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryClient client = client(Map.of(), null);
        Path partial = tmp.resolve("layer.partial");
        Files.write(partial, Arrays.copyOf(layer, 123_456));

        client.fetchBlob(client.resolve(ref(r, "app:1"), Platform.linuxAmd64()), m.layers().get(0), partial, null);

        assertArrayEquals(layer, Files.readAllBytes(partial));
        assertEquals("bytes=123456-", r.requestsTo("/blobs/").get(0).range());
    }

    @Test
    void aRegistryIgnoringRangeMakesTheDownloadStartOver() throws IOException {
        FakeRegistry r = registry();
        r.ignoreRange = true;
        byte[] layer = random(200_000, 10);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryClient client = client(Map.of(), null);
        Path partial = tmp.resolve("layer.partial");
        Files.write(partial, Arrays.copyOf(layer, 50_000));

        client.fetchBlob(client.resolve(ref(r, "app:1"), Platform.linuxAmd64()), m.layers().get(0), partial, null);

        assertArrayEquals(layer, Files.readAllBytes(partial));
        assertEquals(1, r.requestsTo("/blobs/").size());
    }

    @Test
    void aCompletePartialFileNeedsNoRequestAndAWrongOneIsReplaced() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(20_000, 11);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Path partial = tmp.resolve("layer.partial");
        Files.write(partial, layer);
        client.fetchBlob(resolved, m.layers().get(0), partial, null);
        assertEquals(0, r.requestsTo("/blobs/").size());

        byte[] wrong = layer.clone();
        wrong[5] ^= 1;
        Files.write(partial, wrong);
        client.fetchBlob(resolved, m.layers().get(0), partial, null);
        assertArrayEquals(layer, Files.readAllBytes(partial));
    }

    @Test
    void aWrongPrefixInThePartialFileFailsTheDigestAndIsDeleted() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(40_000, 12);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryClient client = client(Map.of(), null);
        Path partial = tmp.resolve("layer.partial");
        byte[] prefix = Arrays.copyOf(layer, 10_000);
        prefix[0] ^= 1;
        Files.write(partial, prefix);

        EngineException e = assertThrows(EngineException.class, () -> client.fetchBlob(
                client.resolve(ref(r, "app:1"), Platform.linuxAmd64()), m.layers().get(0), partial, null));
        assertTrue(e.getMessage().contains("blob " + m.layers().get(0).digest() + " from " + r.authority()
                + " does not match its digest"), e.getMessage());
        assertFalse(Files.exists(partial));
    }

    @Test
    void aConnectionDroppedMidDownloadKeepsThePartialFileForAResume() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(500_000, 13);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Path partial = tmp.resolve("layer.partial");
        r.cutBlobAfter = 200_000;

        EngineException e = assertThrows(EngineException.class,
                () -> client.fetchBlob(resolved, m.layers().get(0), partial, null));
        assertEquals(EngineException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("download of blob " + m.layers().get(0).digest() + " from " + r.authority()
                + " broke off after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the partial download is kept for a resume"), e.getMessage());
        long kept = Files.size(partial);
        assertTrue(kept > 0 && kept <= 200_000, "kept " + kept);

        r.cutBlobAfter = -1;
        client.fetchBlob(resolved, m.layers().get(0), partial, null);
        assertArrayEquals(layer, Files.readAllBytes(partial));
        assertEquals("bytes=" + kept + "-", r.requestsTo("/blobs/").get(1).range());
    }

    @Test
    void aBlobEndingShortIsAnErrorAndKeepsWhatCame() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(30_000, 14);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        Descriptor d = m.layers().get(0);
        r.servedInstead.put(d.digest().toString(), Arrays.copyOf(layer, 10_000));
        RegistryClient client = client(Map.of(), null);
        Path partial = tmp.resolve("layer.partial");

        EngineException e = assertThrows(EngineException.class,
                () -> client.fetchBlob(client.resolve(ref(r, "app:1"), Platform.linuxAmd64()), d, partial, null));
        assertTrue(e.getMessage().contains("ended after 10000 of 30000 bytes"), e.getMessage());
        assertEquals(10_000, Files.size(partial));
    }

    @Test
    void aBlobLargerThanItsDescriptorIsCutOffAndDiscarded() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(30_000, 15);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        Descriptor d = m.layers().get(0);
        byte[] more = Arrays.copyOf(layer, 3_000_000);
        r.servedInstead.put(d.digest().toString(), more);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Path partial = tmp.resolve("layer.partial");

        EngineException declared = assertThrows(EngineException.class, () -> client.fetchBlob(resolved, d, partial, null));
        assertTrue(declared.getMessage().contains("is larger than its descriptor's 30000 bytes"), declared.getMessage());
        assertFalse(Files.exists(partial));

        r.chunked = true;
        EngineException streamed = assertThrows(EngineException.class, () -> client.fetchBlob(resolved, d, partial, null));
        assertTrue(streamed.getMessage().contains("is larger than its descriptor's 30000 bytes"), streamed.getMessage());
        assertFalse(Files.exists(partial));

        EngineException config = assertThrows(EngineException.class,
                () -> client.fetchSmallBlob(resolved, d, RegistryClient.MAX_CONFIG_BYTES));
        assertTrue(config.getMessage().contains("is larger than its descriptor's 30000 bytes"), config.getMessage());
    }

    @Test
    void aBlobWithOtherContentIsDiscardedNamingItsDigest() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(30_000, 16);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        Descriptor d = m.layers().get(0);
        r.servedInstead.put(d.digest().toString(), random(30_000, 17));
        r.servedInstead.put(m.config().digest().toString(), "{\"os\":\"evil\"}".getBytes());
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Path partial = tmp.resolve("layer.partial");

        EngineException e = assertThrows(EngineException.class, () -> client.fetchBlob(resolved, d, partial, null));
        assertTrue(e.getMessage().startsWith("blob " + d.digest() + " from " + r.authority() + " does not match its digest"),
                e.getMessage());
        assertFalse(Files.exists(partial));

        EngineException small = assertThrows(EngineException.class,
                () -> client.fetchSmallBlob(resolved, m.config(), RegistryClient.MAX_CONFIG_BYTES));
        assertTrue(small.getMessage().contains("blob " + m.config().digest()), small.getMessage());
        EngineException limit = assertThrows(EngineException.class, () -> client.fetchSmallBlob(resolved, d, 1000));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, limit.kind());
    }

    @Test
    void aMissingBlobIsNotFound() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Descriptor missing = new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, Digest.sha256("gone".getBytes()), 4);
        EngineException e = assertThrows(EngineException.class, () -> client.fetchBlob(resolved, missing, tmp.resolve("x"), null));
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertFalse(Files.exists(tmp.resolve("x")), "a refused request leaves no file");
        assertEquals("blob " + missing.digest() + " not found in " + r.authority() + "/app at " + r.authority()
                + ": blob unknown: blob unknown to registry", e.getMessage());
    }

    @Test
    void anEmptyBlobNeedsNoRequestButTheEmptyDigest() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        Path partial = tmp.resolve("empty");

        client.fetchBlob(resolved, new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(new byte[0]), 0), partial, null);
        assertEquals(0, Files.size(partial));
        assertEquals(0, r.requestsTo("/blobs/").size());
        EngineException e = assertThrows(EngineException.class, () -> client.fetchBlob(resolved,
                new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256("x".getBytes()), 0), tmp.resolve("bad"), null));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void layersDownloadInParallelThroughOneClient() throws Exception {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        byte[][] layers = new byte[6][];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = random(150_000 + i, 100 + i);
        }
        ImageManifest m = r.putImage("app", "1", CONFIG, layers);
        RegistryClient client = client(Map.of(), null);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < layers.length; i++) {
                Descriptor d = m.layers().get(i);
                Path target = tmp.resolve("parallel/" + d.digest().hex());
                futures.add(pool.submit(() -> client.fetchBlob(resolved, d, target, null)));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < layers.length; i++) {
            assertArrayEquals(layers[i], Files.readAllBytes(tmp.resolve("parallel/" + m.layers().get(i).digest().hex())));
        }
        assertEquals(1, r.tokenRequests.get());
    }

    @Test
    void aRegistryThatGoesSilentIsAbandoned() throws IOException {
        FakeRegistry r = registry();
        byte[] layer = random(100_000, 18);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        RegistryOptions quick = RegistryOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofMillis(300));
        RegistryClient client = client(RegistrySettings.defaults(), null, quick);
        ResolvedManifest resolved = client.resolve(ref(r, "app:1"), Platform.linuxAmd64());
        r.stallBlobAfter = 1000;
        Path partial = tmp.resolve("layer.partial");

        long start = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, () -> client.fetchBlob(resolved, m.layers().get(0), partial, null));
        assertTrue(e.getMessage().contains("(no data for 300ms); the partial download is kept for a resume"), e.getMessage());
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "gave up quickly");
        assertEquals(1000, Files.size(partial));
    }

    @Test
    void aRegistryThatNeverAnswersTimesOutAfterTheResponseTimeout() throws IOException {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RegistryOptions quick = RegistryOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300),
                    Duration.ofSeconds(30));
            RegistryClient client = client(RegistrySettings.defaults(), null, quick);
            String authority = "127.0.0.1:" + silent.getLocalPort();

            long start = System.nanoTime();
            EngineException e = assertThrows(EngineException.class, () -> client.checkLogin(authority, "alice", "s3cret"));
            assertTrue(e.getMessage().contains("no answer in time"), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "gave up long before the stall timeout");
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void blobRedirectsToStorageCarryNoAuthorization() throws IOException {
        FakeRegistry r = registry();
        r.auth = FakeRegistry.Auth.BEARER;
        FakeRegistry storage = registry();
        byte[] layer = random(70_000, 19);
        ImageManifest m = r.putImage("app", "1", CONFIG, layer);
        storage.putBlob(layer);
        r.redirectBlobsTo = "http://localhost:" + storage.port();
        RegistryClient client = client(Map.of(), null);
        Path partial = tmp.resolve("layer.partial");

        client.fetchBlob(client.resolve(ref(r, "app:1"), Platform.linuxAmd64()), m.layers().get(0), partial, null);

        assertArrayEquals(layer, Files.readAllBytes(partial));
        assertTrue(r.requestsTo("/blobs/").get(0).authorization().startsWith("Bearer "));
        List<FakeRegistry.Request> stored = storage.requestsTo("/blob/");
        assertEquals(1, stored.size());
        assertNull(stored.get(0).authorization());
    }

    // ---- endpoints

    @Test
    void dockerHubMirrorsAreTriedInOrderBeforeTheHub() throws IOException {
        FakeRegistry mirror = registry();
        byte[] layer = random(5_000, 20);
        ImageManifest m = mirror.putImage("library/busybox", "latest", CONFIG, layer);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RegistryClient client = client(Map.of("registry-mirrors", List.of("http://127.0.0.1:" + closedPort, mirror.authority())), null);

        assertEquals(List.of("http://127.0.0.1:" + closedPort + "/v2", "https://" + mirror.authority() + "/v2",
                        "https://registry-1.docker.io/v2"),
                client.endpoints(ImageReference.parse("busybox")).stream().map(e -> e.root().toString()).toList());

        ResolvedManifest resolved = client.resolve(ImageReference.parse("busybox"), Platform.linuxAmd64());
        assertEquals("http://" + mirror.authority() + "/v2", resolved.endpoint().root().toString());
        assertEquals("library/busybox", resolved.endpoint().repository());
        client.fetchBlob(resolved, m.layers().get(0), tmp.resolve("b"), null);
        assertEquals(1, mirror.requestsTo("/v2/library/busybox/blobs/").size());
    }

    @Test
    void registryHostsFallBackOnServerErrorsAndMissingManifestsAndKeepTheServingEndpoint() throws IOException {
        FakeRegistry failing = registry();
        failing.failWith = 503;
        FakeRegistry lacking = registry();
        FakeRegistry serving = registry();
        byte[] layer = random(5_000, 21);
        ImageManifest m = serving.putImage("team/app", "2", CONFIG, layer);
        RegistryClient client = client(Map.of("registry-hosts", Map.of("registry.example.test", Map.of(
                "endpoints", List.of("http://" + failing.authority(), "http://" + lacking.authority(), "http://" + serving.authority()),
                "fallback", false))), null);

        ResolvedManifest resolved = client.resolve(ImageReference.parse("registry.example.test/team/app:2"), Platform.linuxAmd64());
        client.fetchBlob(resolved, m.layers().get(0), tmp.resolve("l"), null);

        assertEquals(serving.authority(), resolved.endpoint().authority());
        assertEquals(1, failing.requestsTo("/manifests/2").size());
        assertEquals(1, lacking.requestsTo("/manifests/2").size());
        assertEquals(0, failing.requestsTo("/blobs/").size() + lacking.requestsTo("/blobs/").size());
        assertEquals(1, serving.requestsTo("/blobs/").size());
    }

    @Test
    void whenEveryEndpointFailsTheErrorNamesThemAll() throws IOException {
        FakeRegistry failing = registry();
        failing.failWith = 500;
        FakeRegistry lacking = registry();
        RegistryClient client = client(Map.of("registry-hosts", Map.of("registry.example.test", Map.of(
                "endpoints", List.of("http://" + failing.authority(), "http://" + lacking.authority()), "fallback", false))), null);

        EngineException e = assertThrows(EngineException.class,
                () -> client.resolve(ImageReference.parse("registry.example.test/app:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith("manifest for registry.example.test/app:1 not found at " + lacking.authority()),
                e.getMessage());
        assertTrue(e.getMessage().contains("also tried: http://" + failing.authority() + "/v2: " + failing.authority()
                + " answered 500"), e.getMessage());
    }

    @Test
    void aRewriteServesAnotherRegistrysNameFromALocalRegistry() throws IOException {
        FakeRegistry local = registry();
        byte[] layer = random(4_000, 22);
        ImageManifest m = local.putImage("k8s/pause", "3.6", CONFIG, layer);
        RegistryClient client = client(Map.of("registry-hosts", Map.of("registry.k8s.io", Map.of(
                "endpoints", List.of(Map.of("url", "http://" + local.authority())),
                "rewrite", Map.of("^(.*)$", "k8s/$1"),
                "fallback", false))), null);

        ResolvedManifest resolved = client.resolve(ImageReference.parse("registry.k8s.io/pause:3.6"), Platform.linuxAmd64());
        client.fetchBlob(resolved, m.layers().get(0), tmp.resolve("p"), null);

        assertEquals("k8s/pause", resolved.endpoint().repository());
        assertEquals("registry.k8s.io", resolved.reference().registry());
        assertEquals(1, local.requestsTo("/v2/k8s/pause/manifests/3.6").size());
        assertEquals(1, local.requestsTo("/v2/k8s/pause/blobs/").size());
    }

    @Test
    void anEndpointWithoutResolveServesOnlyDigests() throws IOException {
        FakeRegistry pullOnly = registry();
        Digest digest = Digest.sha256(OciJson.write(pullOnly.putImage("app", "1", CONFIG)));
        RegistryClient client = client(Map.of("registry-hosts", Map.of("registry.example.test", Map.of(
                "endpoints", List.of(Map.of("url", "http://" + pullOnly.authority(), "capabilities", List.of("pull"))),
                "fallback", false))), null);

        EngineException tag = assertThrows(EngineException.class,
                () -> client.resolve(ImageReference.parse("registry.example.test/app:1"), Platform.linuxAmd64()));
        assertEquals("no endpoint of registry.example.test may resolve the tag of registry.example.test/app:1 "
                + "(registry-hosts capabilities lack resolve); pull by digest", tag.getMessage());
        assertEquals(0, pullOnly.requests.size());
        ResolvedManifest byDigest = client.resolve(ImageReference.parse("registry.example.test/app@" + digest), Platform.linuxAmd64());
        assertEquals(digest, byDigest.manifestDigest());
    }

    @Test
    void plainHttpIsRefusedForARegistryThatIsNotInsecure() throws IOException {
        FakeRegistry r = registry();
        r.putImage("app", "1", CONFIG);
        RegistrySettings secure = RegistrySettings.defaults().withInsecure(InsecureRegistries.none());
        RegistryClient client = client(secure, null, options());

        EngineException tls = assertThrows(EngineException.class, () -> client.resolve(ref(r, "app:1"), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAVAILABLE, tls.kind());
        assertTrue(tls.getMessage().startsWith("cannot reach registry " + r.authority() + " (https://" + r.authority()
                + "/v2/app/manifests/1): TLS failed"), tls.getMessage());
        assertEquals(0, r.requests.size(), "no plain HTTP request was made");

        RegistrySettings withHttpHost = RegistrySettings.fromDaemonJson(Map.of("registry-hosts", Map.of("registry.example.test",
                Map.of("endpoints", List.of("http://" + r.authority()), "fallback", false)))).withInsecure(InsecureRegistries.none());
        EngineException http = assertThrows(EngineException.class, () -> client(withHttpHost, null, options())
                .resolve(ImageReference.parse("registry.example.test/app:1"), Platform.linuxAmd64()));
        assertTrue(http.getMessage().startsWith("refusing plain HTTP to " + r.authority()), http.getMessage());
        assertEquals(0, r.requests.size());

        RegistrySettings listed = RegistrySettings.defaults()
                .withInsecure(new InsecureRegistries(List.of("127.0.0.1:" + r.port()), List.of()));
        assertEquals("http", client(listed, null, options()).resolve(ref(r, "app:1"), Platform.linuxAmd64())
                .endpoint().root().getScheme());
    }
}
