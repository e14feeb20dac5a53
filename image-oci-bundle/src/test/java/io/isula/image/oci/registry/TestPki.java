package io.isula.image.oci.registry;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A CA with server and client certificates, made by the openssl command line for TLS tests. */
final class TestPki {
    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path wrongNameCert;
    final Path clientCert;
    final Path clientKey;

    TestPki(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        caCert = dir.resolve("ca.crt");
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        wrongNameCert = dir.resolve("wrong-name.crt");
        clientCert = dir.resolve("client.cert");
        clientKey = dir.resolve("client.key");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        Files.writeString(dir.resolve("wrong.ext"), "subjectAltName=DNS:other.example\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=isula test CA");
        issue("server", "/CN=localhost", "server.ext", "server.crt");
        openssl("req", "-new", "-key", "server.key", "-out", "wrong.csr", "-subj", "/CN=other.example");
        openssl("x509", "-req", "-in", "wrong.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "wrong-name.crt", "-days", "2", "-extfile", "wrong.ext");
        issue("client", "/CN=isula client", "client.ext", "client.cert");
    }

    private void issue(String name, String subject, String ext, String out) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", out, "-days", "2", "-extfile", ext);
    }

    void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** A server context presenting {@code cert} and trusting this CA for client certificates. */
    SSLContext serverContext(Path cert) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>(PemFiles.certificates(cert));
        chain.addAll(PemFiles.certificates(caCert));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemFiles.privateKey(serverKey), new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", PemFiles.certificates(caCert).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
