package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTlsTest {
    private static final byte[] CONFIG = "{}".getBytes();

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki(pkiDir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private FakeRegistry tlsRegistry(Path cert, boolean needClientAuth) throws Exception {
        FakeRegistry r = FakeRegistry.startTls(pki.serverContext(cert), needClientAuth);
        r.putImage("app", "1", CONFIG);
        closeAfter.add(r);
        return r;
    }

    /** Settings without the loopback default, so that localhost is verified like any registry. */
    private RegistryClient client(RegistrySettings settings) {
        RegistryClient c = new RegistryClient(settings, null, RegistryOptions.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        closeAfter.add(c);
        return c;
    }

    private RegistrySettings secure(Path certsDir) {
        return RegistrySettings.defaults().withInsecure(InsecureRegistries.none()).withCertsDir(certsDir);
    }

    private Path certsDirWith(FakeRegistry r, Path... files) throws Exception {
        Path certsDir = tmp.resolve("certs.d");
        Path hostDir = Files.createDirectories(certsDir.resolve("localhost:" + r.port()));
        for (Path f : files) {
            Files.copy(f, hostDir.resolve(f.getFileName()));
        }
        return certsDir;
    }

    private static ImageReference ref(FakeRegistry r) {
        return ImageReference.parse("localhost:" + r.port() + "/app:1");
    }

    @Test
    void aCaInTheCertsDirectoryIsTrusted() throws Exception {
        FakeRegistry r = tlsRegistry(pki.serverCert, false);
        RegistryClient client = client(secure(certsDirWith(r, pki.caCert)));
        ResolvedManifest resolved = client.resolve(ref(r), Platform.linuxAmd64());
        assertEquals("https://localhost:" + r.port() + "/v2", resolved.endpoint().root().toString());
    }

    @Test
    void withoutItsCaTheRegistryIsRefusedWithAHint() throws Exception {
        FakeRegistry r = tlsRegistry(pki.serverCert, false);
        RegistryClient client = client(secure(tmp.resolve("empty-certs.d")));
        EngineException e = assertThrows(EngineException.class, () -> client.resolve(ref(r), Platform.linuxAmd64()));
        assertEquals(EngineException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot reach registry localhost:" + r.port() + " (https://localhost:" + r.port()
                + "/v2/app/manifests/1): TLS handshake failed"), e.getMessage());
        assertTrue(e.getMessage().contains("<certs-dir>/localhost:" + r.port() + "/ca.crt"), e.getMessage());
        assertEquals(0, r.requests.size());
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenFromTheRightCa() throws Exception {
        FakeRegistry r = tlsRegistry(pki.wrongNameCert, false);
        RegistryClient client = client(secure(certsDirWith(r, pki.caCert)));
        EngineException e = assertThrows(EngineException.class, () -> client.resolve(ref(r), Platform.linuxAmd64()));
        assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        assertEquals(0, r.requests.size());
    }

    @Test
    void anInsecureRegistryIsReachedWithoutVerification() throws Exception {
        FakeRegistry r = tlsRegistry(pki.wrongNameCert, false);
        RegistrySettings settings = RegistrySettings.fromDaemonJson(Map.of("insecure-registries", List.of("localhost:" + r.port())))
                .withCertsDir(tmp.resolve("none"));
        assertEquals("https", client(settings).resolve(ref(r), Platform.linuxAmd64()).endpoint().root().getScheme());
    }

    @Test
    void insecureSkipVerifyEnforceTrustsEveryCertificateButNotPlainHttp() throws Exception {
        FakeRegistry r = tlsRegistry(pki.wrongNameCert, false);
        RegistrySettings enforced = RegistrySettings.fromDaemonJson(Map.of("insecure-skip-verify-enforce", true))
                .withInsecure(InsecureRegistries.none()).withCertsDir(tmp.resolve("none"));
        assertTrue(enforced.skipVerifyEnforced());
        assertEquals("https", client(enforced).resolve(ref(r), Platform.linuxAmd64()).endpoint().root().getScheme());

        FakeRegistry plain = FakeRegistry.start();
        closeAfter.add(plain);
        plain.putImage("app", "1", CONFIG);
        EngineException e = assertThrows(EngineException.class,
                () -> client(enforced).resolve(ImageReference.parse("localhost:" + plain.port() + "/app:1"), Platform.linuxAmd64()));
        assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
        assertEquals(0, plain.requests.size());
    }

    @Test
    void registryHostsEndpointsTakeTheirOwnCaOrSkipVerification() throws Exception {
        FakeRegistry r = tlsRegistry(pki.serverCert, false);
        String url = "https://localhost:" + r.port();
        RegistrySettings withCa = RegistrySettings.fromDaemonJson(Map.of("registry-hosts", Map.of("registry.example.test",
                Map.of("endpoints", List.of(Map.of("url", url, "ca", pki.caCert.toString())), "fallback", false))))
                .withInsecure(InsecureRegistries.none()).withCertsDir(tmp.resolve("none"));
        ImageReference name = ImageReference.parse("registry.example.test/app:1");
        assertEquals(url + "/v2", client(withCa).resolve(name, Platform.linuxAmd64()).endpoint().root().toString());

        RegistrySettings skip = RegistrySettings.fromDaemonJson(Map.of("registry-hosts", Map.of("registry.example.test",
                Map.of("endpoints", List.of(Map.of("url", url, "skip-verify", true)), "fallback", false))))
                .withInsecure(InsecureRegistries.none()).withCertsDir(tmp.resolve("none"));
        assertEquals(url + "/v2", client(skip).resolve(name, Platform.linuxAmd64()).endpoint().root().toString());
    }

    @Test
    void aClientCertificateFromTheCertsDirectoryIsOffered() throws Exception {
        FakeRegistry r = tlsRegistry(pki.serverCert, true);
        RegistryClient without = client(secure(certsDirWith(r, pki.caCert)));
        EngineException e = assertThrows(EngineException.class, () -> without.resolve(ref(r), Platform.linuxAmd64()));
        assertTrue(e.getMessage().startsWith("cannot reach registry localhost:" + r.port()), e.getMessage());

        Path hostDir = tmp.resolve("certs.d/localhost:" + r.port());
        Files.copy(pki.clientCert, hostDir.resolve("client.cert"));
        Files.copy(pki.clientKey, hostDir.resolve("client.key"));
        RegistryClient with = client(secure(tmp.resolve("certs.d")));
        assertEquals("app", with.resolve(ref(r), Platform.linuxAmd64()).endpoint().repository());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAClearError() throws Exception {
        FakeRegistry r = tlsRegistry(pki.serverCert, true);
        Path certsDir = certsDirWith(r, pki.caCert, pki.clientCert);
        EngineException e = assertThrows(EngineException.class, () -> client(secure(certsDir)).resolve(ref(r), Platform.linuxAmd64()));
        assertEquals("TLS settings of localhost:" + r.port() + ": client certificate "
                + certsDir.resolve("localhost:" + r.port()).resolve("client.cert") + " has no key client.key", e.getMessage());
    }

    @Test
    void privateKeysAreReadInTheirUsualPemForms() throws Exception {
        pki.openssl("ec", "-in", "client.key", "-out", "sec1.key");
        pki.openssl("genrsa", "-traditional", "-out", "rsa1.key", "1024");
        pki.openssl("pkcs8", "-topk8", "-nocrypt", "-in", "rsa1.key", "-out", "rsa8.key");
        pki.openssl("pkcs8", "-topk8", "-in", "client.key", "-out", "encrypted.key", "-passout", "pass:x");
        assertTrue(Files.readString(pkiDir.resolve("sec1.key")).contains("BEGIN EC PRIVATE KEY"));
        assertTrue(Files.readString(pkiDir.resolve("rsa1.key")).contains("BEGIN RSA PRIVATE KEY"));

        PrivateKey pkcs8 = PemFiles.privateKey(pki.clientKey);
        PrivateKey sec1 = PemFiles.privateKey(pkiDir.resolve("sec1.key"));
        assertEquals("EC", pkcs8.getAlgorithm());
        assertEquals(((java.security.interfaces.ECPrivateKey) pkcs8).getS(), ((java.security.interfaces.ECPrivateKey) sec1).getS());
        assertEquals(PemFiles.privateKey(pkiDir.resolve("rsa8.key")), PemFiles.privateKey(pkiDir.resolve("rsa1.key")));
        java.io.IOException encrypted = assertThrows(java.io.IOException.class,
                () -> PemFiles.privateKey(pkiDir.resolve("encrypted.key")));
        assertTrue(encrypted.getMessage().contains("is encrypted"), encrypted.getMessage());
        assertThrows(java.io.IOException.class, () -> PemFiles.privateKey(pki.caCert));
    }
}
