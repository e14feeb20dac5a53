package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.OciIndex;
import io.isula.itest.registry.Platform;
import io.isula.itest.registry.RegistryServer;
import io.isula.itest.registry.Skopeo;
import io.isula.itest.registry.TestCa;
import io.isula.itest.registry.TestImages;
import io.isula.itest.registry.TokenServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code isula pull} against real registries (Debian's docker-registry): plain HTTP, TLS with a CA in the daemon's
 * certs dir, htpasswd basic auth, bearer tokens from a token server; pull by tag, by digest and of a manifest list;
 * registry-mirrors and registry-hosts (endpoint + rewrite) honoured; the pulled image runs with its config merged,
 * its whiteouts, opaque directories and hard links applied; skopeo reports the same digests.
 */
class RegistryPullTest extends ImageE2eBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC_USER = "alice";
    private static final String BASIC_PASSWORD = "basic-Secret-4711";
    private static final String TOKEN_USER = "bob";
    private static final String TOKEN_PASSWORD = "token-Secret-0815";
    /** The name served through registry-hosts: an endpoint on the plain registry and a repository rewrite. */
    private static final String REWRITTEN_NAME = "registry.example.invalid/pause:3.6";
    private static final String REWRITE_TARGET_REPO = "k8s-mirror/pause";

    private TestCa ca;
    private RegistryServer plain;
    private RegistryServer tls;
    private RegistryServer basic;
    private TokenServer tokens;
    private RegistryServer tokenRegistry;
    private RegistryServer mirror;
    private OciIndex multi;
    private Path certsDir;
    private Path authsDir;

    @Override
    protected void startFixtures() {
        ca = keep(TestCa.create());
        OciImage bb = busybox();
        Skopeo skopeo = skopeo();
        plain = keep(RegistryServer.plain());
        skopeo.push(bb, plain, "pull/busybox:1", null);
        multi = TestImages.multiPlatform(work().resolve("multi-layout"), "multi:1");
        skopeo.push(multi, plain, "pull/multi:1", null);
        skopeo.push(bb, plain, REWRITE_TARGET_REPO + ":3.6", null);
        skopeo.push(bb, plain, "pull/lazy:1", null);

        // outside 127.0.0.0/8, which clients treat as insecure (TLS unverified): here the certificate must be checked
        String ip = nonLoopbackIpv4();
        tls = keep(RegistryServer.builder().address(ip).tls(ca)
                .serverCertificate(ca.issue("registry-" + ip.replace('.', '-'), "subjectAltName=IP:" + ip
                        + "\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                        + "basicConstraints=critical,CA:FALSE\n"))
                .start());
        skopeo.push(bb, tls, "tls/busybox:1", null);

        basic = keep(RegistryServer.basicAuth(null, Map.of(BASIC_USER, BASIC_PASSWORD)));
        skopeo.push(bb, basic, "private/busybox:1", new Skopeo.Credentials(BASIC_USER, BASIC_PASSWORD));

        tokens = keep(TokenServer.builder(ca).user(TOKEN_USER, TOKEN_PASSWORD)
                .grant(TOKEN_USER, TokenServer.ANY_REPOSITORY, "pull", "push").publicRepository("public/busybox").start());
        tokenRegistry = keep(RegistryServer.tokenAuth(null, tokens));
        Skopeo.Credentials bob = new Skopeo.Credentials(TOKEN_USER, TOKEN_PASSWORD);
        skopeo.push(bb, tokenRegistry, "private/busybox:1", bob);
        skopeo.push(bb, tokenRegistry, "public/busybox:1", bob);

        mirror = keep(RegistryServer.plain());
        skopeo.push(bb, mirror, "library/mirroronly:1", null);

        certsDir = work().resolve("certs.d");
        authsDir = work().resolve("auths");
    }

    @Override
    protected String imageSettings() {
        return """
                "registry-mirrors": ["http://%s"],
                "registry-certs-dir": "%s",
                "registry-auths-dir": "%s",
                "registry-hosts": {
                    "registry.example.invalid": {
                        "endpoints": ["http://%s"],
                        "rewrite": {"^pause$": "%s"},
                        "fallback": false
                    }
                }
                """.formatted(mirror.hostPort(), certsDir, authsDir, plain.hostPort(), REWRITE_TARGET_REPO);
    }

    @Test
    void pullByTagThenByDigest() {
        OciImage bb = busybox();
        String byTag = plain.ref("pull/busybox:1");
        Result r = pullOk(byTag);
        assertTrue(r.stdout().contains("Image \"" + byTag + "\" pulled"), r::toString);
        JsonNode image = inspectImage(byTag);
        assertEquals(bb.config().hex(), image.path("id").asText(), "the image id is the digest of its config");
        assertTrue(texts(image.path("repo_tags")).contains(byTag), image::toPrettyString);
        String digestRef = plain.ref("pull/busybox@" + bb.manifest().digest());
        assertTrue(texts(image.path("repo_digests")).contains(digestRef), () -> "repo_digests must hold " + digestRef + ":\n"
                + image.toPrettyString());

        Result d = pullOk(digestRef);
        assertTrue(d.stdout().contains("pulled"), d::toString);
        assertEquals(bb.config().hex(), imageId(digestRef), "pulled by digest: the same image");
        assertTrue(listedIds().contains("sha256:" + bb.config().hex()));
    }

    @Test
    void pullOfAManifestListSelectsThisMachinesPlatform() {
        String ref = plain.ref("pull/multi:1");
        pullOk(ref);
        JsonNode image = inspectImage(ref);
        OciImage host = multi.image(Platform.host());
        assertEquals(host.config().hex(), image.path("id").asText(), () -> "the image for " + Platform.host() + " is pulled:\n"
                + image.toPrettyString());
        assertEquals(Platform.host().architecture(), image.path("Spec").path("architecture").asText(), image::toPrettyString);
        assertEquals("linux", image.path("Spec").path("os").asText());
        assertEquals(TestImages.HELLO_TEXT, runImage(ref), "the host image runs (its Cmd cats /hello.txt)");
    }

    @Test
    void runMergesTheImageConfig() {
        String ref = plain.ref("pull/busybox:1");
        pullOk(ref);
        assertEquals(TestImages.HELLO_TEXT, runImage(ref), "no command given: the image's Cmd runs");
        assertTrue(runImage(ref, "env").lines().toList().contains(TestImages.GREETING_ENV), "the image's Env");
        assertEquals("/home/app", runImage(ref, "pwd").strip(), "the image's WorkingDir");
        assertEquals("1000 1000 app", runImage(ref, "sh", "-c", "echo $(id -u) $(id -g) $(id -un)").strip(),
                "USER app resolved through the image's /etc/passwd (app:x:1000:1000)");
        assertEquals("0", runImage(List.of("-u", "root"), ref, "id", "-u").strip(), "--user overrides the image's User");

        String name = uniqueName("imgcfg");
        try {
            Result created = isula.run(PULL_TIMEOUT, "create", "-n", name, ref);
            assertEquals(0, created.exitCode(), () -> created + "\n" + daemon.logTail());
            JsonNode config = inspect(name).path("Config");
            assertEquals("busybox", config.path("Labels").path("org.isula.test.image").asText(), config::toPrettyString);
            assertEquals("3", config.path("Labels").path("org.isula.test.layers").asText(), config::toPrettyString);
            assertEquals("SIGINT", config.path("StopSignal").asText(), config::toPrettyString);
            assertEquals("app", config.path("User").asText(), config::toPrettyString);
            assertEquals(List.of("cat", "/hello.txt"), texts(config.path("Cmd")), config::toPrettyString);
            assertTrue(texts(config.path("Env")).contains(TestImages.GREETING_ENV), config::toPrettyString);
        } finally {
            isula("rm", "-f", name);
        }
    }

    @Test
    void stopSendsTheImagesStopSignal() {
        String ref = plain.ref("pull/busybox:1");
        pullOk(ref);
        String name = uniqueName("stopsig");
        try {
            Result run = isula.run(PULL_TIMEOUT, "run", "-d", "-n", name, ref, "sh", "-c",
                    "trap 'echo got-sigint; exit 7' INT; echo ready; while true; do sleep 0.1; done");
            assertEquals(0, run.exitCode(), () -> run + "\n" + daemon.logTail());
            awaitLog(name, "ready", Duration.ofSeconds(20));
            Result stop = isula.run(Duration.ofSeconds(60), "stop", "-t", "30", name);
            assertEquals(0, stop.exitCode(), stop::toString);
            assertTrue(stop.took().toMillis() < 15_000, () -> "SIGINT (the image's StopSignal) ends it at once, not the "
                    + "SIGKILL after the timeout:\n" + stop);
            assertEquals("7", inspectF(name, "{{.State.ExitCode}}"), "the INT trap ran");
            awaitLog(name, "got-sigint", Duration.ofSeconds(10));
        } finally {
            isula("rm", "-f", name);
        }
    }

    @Test
    void whiteoutsOpaqueDirectoriesAndHardLinksAreHonoured() {
        String ref = plain.ref("pull/busybox:1");
        pullOk(ref);
        String out = runImage(ref, "sh", "-c", String.join("; ",
                "echo opt=[$(ls -A /opt)]",
                "echo data=[$(ls -A /data)]",
                "cat " + TestImages.OPAQUE_KEPT,
                "test -e " + TestImages.WHITED_OUT + " && echo old=present || echo old=absent",
                "for f in " + String.join(" ", TestImages.OPAQUE_HIDDEN) + "; do test -e $f && echo $f=present || echo $f=absent; done",
                "echo links=$(stat -c '%i:%h' " + TestImages.HELLO_PATH + " " + TestImages.HARDLINK_PATH + ")",
                "cat " + TestImages.HARDLINK_PATH,
                "echo wh=$(find / -xdev -name '.wh.*' 2>/dev/null | wc -l)"));
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("opt=[]"), () -> "the whiteout hides /opt/old.txt:\n" + out);
        assertTrue(lines.contains("old=absent"), out);
        assertTrue(lines.contains("data=[c]"), () -> "the opaque /data shows only layer 3's c:\n" + out);
        for (String hidden : TestImages.OPAQUE_HIDDEN) assertTrue(lines.contains(hidden + "=absent"), out);
        assertTrue(out.contains(TestImages.OPAQUE_KEPT_TEXT), out);
        String links = lines.stream().filter(l -> l.startsWith("links=")).findFirst().orElseThrow(() -> new AssertionError(out));
        String[] pair = links.substring(6).split(" ");
        assertEquals(2, pair.length, out);
        assertEquals(pair[0], pair[1], () -> "hello.txt and hello-hardlink.txt are one file (inode:links):\n" + out);
        assertTrue(pair[0].endsWith(":2"), () -> "two names for the file:\n" + out);
        assertTrue(lines.contains(TestImages.HELLO_TEXT.strip()), () -> "the hard link reads the file's content:\n" + out);
        assertTrue(lines.contains("wh=0"), () -> "no whiteout marker is visible in the container:\n" + out);
    }

    @Test
    void tlsRegistryNeedsItsCaInTheCertsDir() {
        String ref = tls.ref("tls/busybox:1");
        Result without = pull(ref);
        assertNotEquals(0, without.exitCode(), () -> "no CA for " + tls.hostPort() + " in the certs dir: the pull must fail\n"
                + without);
        String msg = without.stderr().toLowerCase(Locale.ROOT);
        assertTrue(msg.contains("certif") || msg.contains("pkix") || msg.contains("x509"),
                () -> "the error must say that the certificate is not trusted:\n" + without);
        assertTrue(without.stderr().contains(tls.hostPort()), () -> "the error must name the registry:\n" + without);
        assertFalse(listedNames().contains(ref), "nothing is registered by the failed pull");

        ca.writeCertsD(certsDir, tls.hostPort());
        pullOk(ref);
        assertEquals(busybox().config().hex(), imageId(ref));
    }

    @Test
    void basicAuthLoginPullLogout() throws IOException {
        String ref = basic.ref("private/busybox:1");
        String server = basic.hostPort();
        assertUnauthorized(pull(ref), "pull without login");

        Result wrong = isula("login", "-u", BASIC_USER, "-p", "wrong-password", server);
        assertNotEquals(0, wrong.exitCode(), wrong::toString);
        assertUnauthorized(wrong, "login with a wrong password");
        assertFalse(storedServers().contains(server), "a failed login stores nothing");

        Result login = isula("login", "-u", BASIC_USER, "-p", BASIC_PASSWORD, server);
        assertEquals(0, login.exitCode(), () -> login + "\n" + daemon.logTail());
        assertTrue(login.stdout().contains("Login Succeeded"), login::toString);
        assertCredentialsFileIsPrivate(server, BASIC_USER, BASIC_PASSWORD);

        pullOk(ref);
        assertEquals(busybox().config().hex(), imageId(ref));

        Result logout = isula.ok("logout", server);
        assertTrue(logout.stdout().contains("Logout Succeeded"), logout::toString);
        assertFalse(storedServers().contains(server), "logout removes the credential");
        assertUnauthorized(pull(ref), "pull after logout");
    }

    @Test
    void tokenAuthLoginPullOfAPrivateRepositoryLogout() throws IOException {
        String server = tokenRegistry.hostPort();
        String publicRef = tokenRegistry.ref("public/busybox:1");
        String privateRef = tokenRegistry.ref("private/busybox:1");

        pullOk(publicRef);
        assertTrue(tokens.requests().stream().anyMatch(q -> q.user() == null && q.status() == 200
                && q.scopes().contains("repository:public/busybox:pull")), () -> "an anonymous token for the public "
                + "repository:\n" + tokens.requests());

        assertUnauthorized(pull(privateRef), "pull of a private repository without login");

        Result wrong = isula("login", "-u", TOKEN_USER, "-p", "wrong-password", server);
        assertNotEquals(0, wrong.exitCode(), wrong::toString);
        assertUnauthorized(wrong, "login with a wrong password");

        tokens.clearRequests();
        Result login = isula("login", "-u", TOKEN_USER, "-p", TOKEN_PASSWORD, server);
        assertEquals(0, login.exitCode(), () -> login + "\n" + daemon.logTail());
        assertCredentialsFileIsPrivate(server, TOKEN_USER, TOKEN_PASSWORD);

        tokens.clearRequests();
        pullOk(privateRef);
        assertEquals(busybox().config().hex(), imageId(privateRef));
        assertTrue(tokens.requests().stream().anyMatch(q -> TOKEN_USER.equals(q.user()) && q.status() == 200
                && q.scopes().stream().anyMatch(s -> s.startsWith("repository:private/busybox:") && s.contains("pull"))),
                () -> "the daemon got a token as " + TOKEN_USER + " for the private repository:\n" + tokens.requests());

        isula.ok("logout", server);
        assertFalse(storedServers().contains(server), "logout removes the credential");
        assertUnauthorized(pull(privateRef), "pull of the private repository after logout");
    }

    @Test
    void dockerIoNamesArePulledThroughTheMirror() {
        Result r = pullOk("mirroronly:1");
        assertTrue(r.stdout().contains("pulled"), r::toString);
        assertEquals(busybox().config().hex(), imageId("mirroronly:1"));
        assertEquals(busybox().config().hex(), imageId("docker.io/library/mirroronly:1"), "mirroronly:1 is docker.io's");
        assertTrue(mirror.log().contains("/v2/library/mirroronly/manifests/1"), () -> "the mirror served the manifest:\n"
                + mirror.logTail(20));
    }

    @Test
    void registryHostsServeANameFromAnotherHostWithARewrite() {
        pullOk(REWRITTEN_NAME);
        assertEquals(busybox().config().hex(), imageId(REWRITTEN_NAME));
        assertTrue(listedNames().contains(REWRITTEN_NAME), () -> "listed under the name pulled: " + listedNames());
        assertTrue(plain.log().contains("/v2/" + REWRITE_TARGET_REPO + "/manifests/3.6"), () -> "the local registry served "
                + "the rewritten repository:\n" + plain.logTail(20));
        assertEquals(TestImages.HELLO_TEXT, runImage(REWRITTEN_NAME));
    }

    @Test
    void skopeoReportsTheLayerDigestsOfThePulledImage() throws IOException {
        String ref = plain.ref("pull/busybox:1");
        pullOk(ref);
        Skopeo.Inspection remote = skopeo().inspect(plain, "pull/busybox:1", null);
        JsonNode image = inspectImage(ref);
        assertTrue(texts(image.path("repo_digests")).contains(plain.ref("pull/busybox@" + remote.digest())),
                () -> "isula's repo digest is skopeo's manifest digest " + remote.digest() + ":\n" + image.toPrettyString());

        Result config = skopeo().tryInspect(plain, "pull/busybox:1", null, List.of("--config"));
        assertEquals(0, config.exitCode(), config::toString);
        List<String> skopeoDiffIds = texts(JSON.readTree(config.stdout()).path("rootfs").path("diff_ids"));
        assertEquals(skopeoDiffIds, texts(image.path("Spec").path("rootfs").path("diff_ids")),
                "isula inspect's diff ids are skopeo's");

        // the store keeps the manifest it pulled: its layers are the blobs skopeo lists
        JsonNode manifest = storedManifest(remote.digest());
        List<String> storedLayers = new ArrayList<>();
        manifest.path("layers").forEach(l -> storedLayers.add(l.path("digest").asText()));
        assertEquals(remote.layers(), storedLayers, "the layer digests of the stored manifest are skopeo's");
        assertEquals(busybox().layerDigests(), remote.layers());
        // and the layer records name the blobs they were unpacked from
        List<String> recorded = new ArrayList<>();
        for (String id : children(storage().resolve("overlay-layers"))) {
            Path record = storage().resolve("overlay-layers").resolve(id).resolve("layer.json");
            if (Files.isRegularFile(record)) recorded.addAll(texts(JSON.readTree(record.toFile()).path("compressed-diff-digests")));
        }
        assertTrue(recorded.containsAll(remote.layers()), () -> "layer.json compressed-diff-digests " + recorded
                + " must hold skopeo's layers " + remote.layers());
    }

    @Test
    void runPullsAccordingToPullPolicy() {
        String ref = plain.ref("pull/lazy:1");
        String manifestPath = "/v2/pull/lazy/manifests/1";
        long pushed = countOccurrences(plain.log(), manifestPath); // skopeo's push
        Result never = isula.run(PULL_TIMEOUT, "run", "--rm", "--pull", "never", ref);
        assertNotEquals(0, never.exitCode(), () -> "--pull never with the image missing must fail:\n" + never);
        assertEquals(pushed, countOccurrences(plain.log(), manifestPath), "--pull never asks no registry");

        Result missing = isula.run(PULL_TIMEOUT, "run", "--rm", ref);
        assertEquals(0, missing.exitCode(), () -> missing + "\n" + daemon.logTail());
        assertEquals(TestImages.HELLO_TEXT, missing.stdout(), "the container's output alone on stdout");
        assertTrue(missing.stderr().contains(ref), () -> "the pull's progress goes to stderr:\n" + missing);
        long asked = countOccurrences(plain.log(), manifestPath);
        assertTrue(asked > pushed, "--pull missing (the default) pulled it");

        Result again = isula.run(PULL_TIMEOUT, "run", "--rm", ref);
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(asked, countOccurrences(plain.log(), manifestPath), "present: missing does not pull");

        Result always = isula.run(PULL_TIMEOUT, "run", "--rm", "--pull", "always", ref);
        assertEquals(0, always.exitCode(), always::toString);
        assertTrue(countOccurrences(plain.log(), manifestPath) > asked, "--pull always asks the registry again");
    }

    private static long countOccurrences(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    // ---- helpers ----

    /** The manifest with {@code digest} as the store keeps it: blobs/sha256/HEX (docs/storage.md). */
    private JsonNode storedManifest(String digest) throws IOException {
        Path blob = storage().resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertTrue(Files.isRegularFile(blob), () -> "the store keeps the pulled manifest at " + blob + "; it has "
                + children(blob.getParent()));
        return JSON.readTree(Files.readAllBytes(blob));
    }

    private static void assertUnauthorized(Result r, String what) {
        assertNotEquals(0, r.exitCode(), () -> what + " must fail:\n" + r);
        String msg = r.stderr().toLowerCase(Locale.ROOT);
        assertTrue(msg.contains("unauthorized") || msg.contains("authentication required") || msg.contains("denied"),
                () -> what + ": the error must say the registry refused the credentials:\n" + r);
    }

    /** The server keys of auths.json (empty when there is no file). */
    private List<String> storedServers() throws IOException {
        Path file = authsDir.resolve("auths.json");
        if (!Files.exists(file)) return List.of();
        List<String> servers = new ArrayList<>();
        JSON.readTree(Files.readAllBytes(file)).path("auths").fieldNames().forEachRemaining(servers::add);
        return servers.stream().map(s -> s.replaceFirst("^https?://", "").replaceFirst("/.*$", "")).toList();
    }

    private void assertCredentialsFileIsPrivate(String server, String user, String password) throws IOException {
        Path file = authsDir.resolve("auths.json");
        assertTrue(Files.isRegularFile(file), () -> "login keeps the credentials in " + file + "; the folder holds "
                + children(authsDir));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "the credentials file is readable by root only");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(authsDir)),
                "the credentials folder is root's only");
        assertTrue(storedServers().contains(server), () -> "auths.json names " + server);
        for (Path f : listFiles(authsDir)) {
            byte[] content = Files.readAllBytes(f);
            String text = new String(content, StandardCharsets.ISO_8859_1);
            String basicPair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            assertFalse(text.contains(password), () -> f + " holds the password in clear");
            assertFalse(text.contains(basicPair), () -> f + " holds user:password merely base64-encoded");
        }
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** An IPv4 address of this machine outside 127.0.0.0/8 (the TLS registry must not count as a loopback one). */
    static String nonLoopbackIpv4() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            throw new AssertionError("cannot list the network interfaces: " + e, e);
        }
        return fail("the TLS registry test needs an IPv4 address outside 127.0.0.0/8 on an interface that is up "
                + "(registries on loopback are insecure, so their certificates are not checked)");
    }
}
