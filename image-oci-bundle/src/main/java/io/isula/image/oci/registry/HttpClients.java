package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link HttpClient} (HTTP/1.1, no automatic redirects) per TLS configuration: the system's trust, plus the CAs
 * and client certificates of {@code <certs-dir>/<host[:port]>/} and of the endpoint's settings, or no verification.
 * Files are read on every lookup, so certs.d changes apply to the next request; equal contents share a client.
 */
final class HttpClients {
    private static final int MAX_CLIENTS = 64;
    private final Path certsDir;
    private final Duration connectTimeout;
    private final Map<String, HttpClient> byConfiguration = new ConcurrentHashMap<>();
    /** Made at the first request: building one loads the JDK's TLS stack and trust store (MBs an idle daemon keeps). */
    private volatile HttpClient plain;

    HttpClients(Path certsDir, Duration connectTimeout) {
        this.certsDir = certsDir;
        this.connectTimeout = connectTimeout;
    }

    /** For plain HTTP, and HTTPS with the system's trust only. */
    HttpClient plain() {
        HttpClient p = plain;
        if (p == null) {
            synchronized (this) {
                p = plain;
                if (p == null) {
                    p = builder().build();
                    plain = p;
                }
            }
        }
        return p;
    }

    /** For HTTPS to {@code authority}: certs.d files of the host plus the given extras. */
    HttpClient forHttps(String authority, boolean skipVerify, List<Path> extraCas, List<ClientCertificateFiles> extraClients) {
        List<Path> cas = new ArrayList<>(extraCas);
        List<ClientCertificateFiles> clients = new ArrayList<>(extraClients);
        readCertsDir(authority, cas, clients);
        if (!skipVerify && cas.isEmpty() && clients.isEmpty()) {
            return plain();
        }
        String fingerprint = fingerprint(skipVerify, cas, clients);
        HttpClient existing = byConfiguration.get(fingerprint);
        if (existing != null) {
            return existing;
        }
        if (byConfiguration.size() >= MAX_CLIENTS) {
            byConfiguration.clear();
        }
        HttpClient created = builder().sslContext(sslContext(authority, skipVerify, cas, clients)).build();
        HttpClient raced = byConfiguration.putIfAbsent(fingerprint, created);
        return raced != null ? raced : created;
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
    }

    /** {@code *.crt} are CAs; {@code X.cert} with {@code X.key} a client certificate (Docker's certs.d layout). */
    private void readCertsDir(String authority, List<Path> cas, List<ClientCertificateFiles> clients) {
        if (certsDir == null || HostPort.parse(authority) == null) {
            return;
        }
        Path dir = certsDir.resolve(authority);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(files::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        } catch (IOException e) {
            throw failure(authority, "cannot read " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".crt")) {
                cas.add(file);
            } else if (name.endsWith(".cert")) {
                Path key = file.resolveSibling(name.substring(0, name.length() - ".cert".length()) + ".key");
                if (!Files.isRegularFile(key)) {
                    throw failure(authority, "client certificate " + file + " has no key " + key.getFileName(), null);
                }
                clients.add(new ClientCertificateFiles(file, key));
            } else if (name.endsWith(".key")) {
                Path cert = file.resolveSibling(name.substring(0, name.length() - ".key".length()) + ".cert");
                if (!Files.isRegularFile(cert)) {
                    throw failure(authority, "client key " + file + " has no certificate " + cert.getFileName(), null);
                }
            }
        }
    }

    private static String fingerprint(boolean skipVerify, List<Path> cas, List<ClientCertificateFiles> clients) {
        MessageDigest sha = newSha256();
        sha.update((skipVerify ? "skip\n" : "verify\n").getBytes());
        List<Path> files = new ArrayList<>(cas);
        sha.update(("cas " + cas.size() + "\n").getBytes());
        for (ClientCertificateFiles c : clients) {
            files.add(c.certificate());
            files.add(c.key());
        }
        for (Path file : files) {
            sha.update((file + "\n").getBytes());
            try {
                sha.update(Files.readAllBytes(file));
            } catch (IOException e) {
                sha.update(("unreadable " + e.getMessage()).getBytes());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static SSLContext sslContext(String authority, boolean skipVerify, List<Path> cas, List<ClientCertificateFiles> clients) {
        try {
            KeyManagerFactory kmf = null;
            if (!clients.isEmpty()) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] none = new char[0];
                int i = 0;
                for (ClientCertificateFiles c : clients) {
                    List<X509Certificate> chain = PemFiles.certificates(c.certificate());
                    PrivateKey key = PemFiles.privateKey(c.key());
                    keys.setKeyEntry("client-" + i++, key, none, chain.toArray(new X509Certificate[0]));
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            TrustManager[] trust;
            if (skipVerify) {
                trust = new TrustManager[]{new TrustAll()};
            } else if (cas.isEmpty()) {
                trust = null;
            } else {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (Path file : cas) {
                    for (X509Certificate cert : PemFiles.certificates(file)) {
                        anchors.setCertificateEntry("ca-" + i++, cert);
                    }
                }
                trust = new TrustManager[]{new Either(trustManager(anchors), trustManager(null))};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (IOException e) {
            throw failure(authority, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw failure(authority, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK has no X509 trust manager");
    }

    private static EngineException failure(String authority, String message, Throwable cause) {
        return new RegistryFailure(EngineException.Kind.INVALID_ARGUMENT, "TLS settings of " + authority + ": " + message,
                false, cause);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts a chain that the registry's own CAs or the system's accept; host names are checked by both. */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager own;
        private final X509ExtendedTrustManager system;

        Either(X509ExtendedTrustManager own, X509ExtendedTrustManager system) {
            this.own = own;
            this.system = system;
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(own);
            } catch (CertificateException first) {
                try {
                    check.run(system);
                } catch (CertificateException second) {
                    first.addSuppressed(second);
                    throw first;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            system.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            system.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            system.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = own.getAcceptedIssuers();
            X509Certificate[] b = system.getAcceptedIssuers();
            X509Certificate[] all = new X509Certificate[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** For insecure registries and skip-verify endpoints: any certificate, any name. */
    private static final class TrustAll extends X509ExtendedTrustManager implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
