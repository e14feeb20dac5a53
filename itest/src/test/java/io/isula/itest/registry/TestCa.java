package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.fail;

import io.isula.itest.e2e.Env;
import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Files2;
import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made by the {@code openssl} CLI in a temporary folder, with a server certificate for
 * {@code 127.0.0.1} and {@code localhost} (subject alternative names; Go's TLS ignores the common name). More leaf
 * certificates, e.g. for a token signer, come from {@link #issue(String, String)}.
 */
public final class TestCa implements AutoCloseable {
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path caCert;
    private final Path caKey;
    private final Path serverCert;
    private final Path serverKey;

    private TestCa(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.caKey = dir.resolve("ca.key");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
    }

    /** A new CA (RSA 2048, valid two days) and a server certificate for 127.0.0.1 / localhost signed by it. */
    public static TestCa create() {
        Env.requireOnPath("openssl", "certificates for the TLS registry tests (apt-get install openssl)");
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "isula-test-ca-");
        } catch (IOException e) {
            throw new AssertionError("cannot create the CA folder: " + e, e);
        }
        TestCa ca = new TestCa(dir);
        try {
            ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                    "-keyout", ca.caKey.toString(), "-out", ca.caCert.toString(), "-subj", "/CN=isula test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            ca.issue("server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                    + "keyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n");
            return ca;
        } catch (RuntimeException | Error e) {
            ca.close();
            throw e;
        }
    }

    /**
     * Issues {@code NAME.crt} / {@code NAME.key} (RSA 2048, PKCS#8 key) signed by this CA, with the given
     * openssl extension lines (e.g. {@code subjectAltName=...}); returns the pair.
     */
    public KeyPairFiles issue(String name, String extensions) {
        if (!name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("bad certificate name: " + name);
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.writeString(ext, extensions);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + ext + ": " + e, e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + name);
        openssl("x509", "-req", "-sha256", "-days", "2", "-in", csr.toString(), "-CA", caCert.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-out", crt.toString(), "-extfile", ext.toString());
        return new KeyPairFiles(crt, key);
    }

    /** The CA certificate (PEM): what a client trusts. */
    public Path caCert() {
        return caCert;
    }

    /** The server certificate (PEM) for 127.0.0.1 and localhost. */
    public Path serverCert() {
        return serverCert;
    }

    /** The server's private key (PEM, unencrypted). */
    public Path serverKey() {
        return serverKey;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Lays out the iSulad/Docker per-registry folder {@code ROOT/HOST:PORT/ca.crt} (as
     * {@code /etc/isulad/certs.d}) and returns {@code ROOT/HOST:PORT}, which is also what
     * {@code skopeo --cert-dir} takes.
     */
    public Path writeCertsD(Path root, String hostPort) {
        try {
            Path host = Files.createDirectories(root.resolve(hostPort));
            Files.copy(caCert, host.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return host;
        } catch (IOException e) {
            throw new AssertionError("cannot lay out " + root + "/" + hostPort + ": " + e, e);
        }
    }

    /** A TLS context trusting only this CA, for JDK HTTP clients in tests. */
    public SSLContext sslContext() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("isula-test-ca", readCertificates(caCert).get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError("cannot build a TLS context for " + caCert + ": " + e, e);
        }
    }

    /** The certificates of a PEM file, in file order. */
    public static List<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError("cannot read certificates from " + pem + ": " + e, e);
        }
    }

    /** An unencrypted PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}, as openssl 3 writes), RSA or EC. */
    public static PrivateKey readPrivateKey(Path pem) {
        try {
            String text = Files.readString(pem);
            int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = text.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) throw new AssertionError(pem + " holds no PKCS#8 'BEGIN PRIVATE KEY' block");
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
            for (String alg : List.of("RSA", "EC")) {
                try {
                    return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException tryNext) {
                    // not this algorithm
                }
            }
            throw new AssertionError(pem + " is neither an RSA nor an EC key");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + pem + ": " + e, e);
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Result r = Exec.run(cmd, Map.of(), dir, OPENSSL_TIMEOUT);
        if (r.exitCode() != 0) fail("openssl failed:\n" + r);
    }

    @Override
    public void close() {
        Files2.deleteTree(dir);
    }

    /** A certificate and its private key, both PEM files. */
    public record KeyPairFiles(Path cert, Path key) {
    }
}
