package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.fail;

import io.isula.itest.e2e.Env;
import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Files2;
import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) serving on a free port of 127.0.0.1, with its storage, config
 * and log in a temporary folder: plain HTTP, TLS (certificate from a {@link TestCa}), htpasswd basic auth or bearer
 * tokens from a {@link TokenServer}, over TLS or plain HTTP (distribution accepts basic auth and tokens without TLS;
 * refusing credentials over plain HTTP is a client's choice).
 * {@link #close()} stops the process it started (by its handle: SIGTERM, then SIGKILL) and deletes the folder.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 3;

    private final Path dir;
    private final TestCa ca;
    private final Map<String, String> users;
    private final TokenServer tokens;
    private final String address;
    private final TestCa.KeyPairFiles serverKeyPair;
    private final HttpClient http;
    private Process process;
    private int port;

    private RegistryServer(Path dir, Builder b) {
        this.dir = dir;
        this.ca = b.ca;
        this.users = Map.copyOf(b.users);
        this.tokens = b.tokens;
        this.address = b.address;
        this.serverKeyPair = b.serverKeyPair != null ? b.serverKeyPair
                : ca == null ? null : new TestCa.KeyPairFiles(ca.serverCert(), ca.serverKey());
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ca != null) hb.sslContext(ca.sslContext());
        this.http = hb.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Plain HTTP, no authentication. */
    public static RegistryServer plain() {
        return builder().start();
    }

    /** HTTPS with the CA's server certificate, no authentication. */
    public static RegistryServer tls(TestCa ca) {
        return builder().tls(ca).start();
    }

    /** htpasswd basic auth ({@code user -> password}); HTTPS when {@code ca} is given, else plain HTTP. */
    public static RegistryServer basicAuth(TestCa ca, Map<String, String> users) {
        return builder().tls(ca).htpasswd(users).start();
    }

    /** Bearer tokens from {@code tokens}; HTTPS when {@code ca} is given, else plain HTTP. */
    public static RegistryServer tokenAuth(TestCa ca, TokenServer tokens) {
        return builder().tls(ca).token(tokens).start();
    }

    /** {@code 127.0.0.1:PORT}: the registry part of an image reference. */
    public String hostPort() {
        return host() + ":" + port;
    }

    /** The address it listens on: 127.0.0.1 unless the builder chose another ({@link Builder#address}). */
    public String host() {
        return address;
    }

    public int port() {
        return port;
    }

    public boolean isTls() {
        return ca != null;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create((isTls() ? "https" : "http") + "://" + hostPort());
    }

    /** {@code 127.0.0.1:PORT/REPO[:TAG|@DIGEST]}. */
    public String ref(String repoAndTag) {
        return hostPort() + "/" + repoAndTag;
    }

    /** The CA that signed the server certificate, when TLS is on. */
    public Optional<TestCa> ca() {
        return Optional.ofNullable(ca);
    }

    /** The htpasswd users and their passwords (empty unless basic auth). */
    public Map<String, String> users() {
        return users;
    }

    /** The token server the registry trusts (bearer mode only). */
    public Optional<TokenServer> tokenServer() {
        return Optional.ofNullable(tokens);
    }

    public Path storageDir() {
        return dir.resolve("storage");
    }

    public Path configFile() {
        return dir.resolve("config.yml");
    }

    /** The registry's stdout and stderr (logrus lines and the access log). */
    public Path logFile() {
        return dir.resolve("registry.log");
    }

    /** The whole log, for a failure message. */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "<no log>";
        } catch (IOException e) {
            return "<cannot read " + logFile() + ": " + e + ">";
        }
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** A JDK client that trusts the registry's CA (when TLS is on) and does not follow redirects. */
    public HttpClient httpClient() {
        return http;
    }

    /** {@code GET baseUri + path} with the given headers (e.g. Authorization, Accept). */
    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(rb::header);
        try {
            return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + baseUri().resolve(path) + " failed: " + e + "\nregistry log:\n" + logTail(30), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The value of an {@code Authorization: Basic} header. */
    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void start() throws IOException {
        Files.createDirectories(storageDir());
        if (!users.isEmpty()) writeHtpasswd();
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            Files.writeString(configFile(), config());
            Files.deleteIfExists(logFile());
            process = new ProcessBuilder(Env.requireOnPath("docker-registry", "apt-get install docker-registry").toString(),
                    "serve", configFile().toString())
                    .redirectErrorStream(true).redirectOutput(logFile().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (awaitReady()) return;
            boolean portTaken = log().contains("address already in use");
            stopProcess();
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                fail("docker-registry did not come up on " + hostPort() + " (exit " + exitCode() + "); config:\n"
                        + Files.readString(configFile()) + "\nlog:\n" + logTail(40));
            }
        }
    }

    /** True once {@code GET /v2/} answers with any HTTP status; false if the process exits first. */
    private boolean awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve("/v2/")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) return false;
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException notYet) {
                io.isula.itest.e2e.Poll.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return false;
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    private String config() {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  formatter: text\n");
        y.append("storage:\n  filesystem:\n    rootdirectory: ").append(quote(storageDir())).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n  addr: ").append(quote(hostPort())).append('\n');
        y.append("  secret: ").append(quote(randomHex(16))).append('\n');
        if (ca != null) {
            y.append("  tls:\n    certificate: ").append(quote(serverKeyPair.cert())).append('\n');
            y.append("    key: ").append(quote(serverKeyPair.key())).append('\n');
        }
        if (!users.isEmpty()) {
            y.append("auth:\n  htpasswd:\n    realm: isula-test-registry\n    path: ").append(quote(dir.resolve("htpasswd")))
                    .append('\n');
        } else if (tokens != null) {
            y.append("auth:\n  token:\n    realm: ").append(quote(tokens.realm())).append('\n');
            y.append("    service: ").append(quote(tokens.service())).append('\n');
            y.append("    issuer: ").append(quote(tokens.issuer())).append('\n');
            y.append("    rootcertbundle: ").append(quote(tokens.rootCertBundle())).append('\n');
        }
        return y.toString();
    }

    /** bcrypt entries made by {@code htpasswd -Bbn}: the only hash distribution's htpasswd reader accepts. */
    private void writeHtpasswd() throws IOException {
        Path htpasswd = Env.requireOnPath("htpasswd", "bcrypt password files (apt-get install apache2-utils)");
        StringBuilder file = new StringBuilder();
        for (Map.Entry<String, String> u : users.entrySet()) {
            Result r = Exec.run(List.of(htpasswd.toString(), "-Bbn", u.getKey(), u.getValue()), Map.of(), dir,
                    Duration.ofSeconds(30));
            if (r.exitCode() != 0) fail("htpasswd failed:\n" + r);
            file.append(r.out()).append('\n');
        }
        Files.writeString(dir.resolve("htpasswd"), file.toString());
    }

    private static String quote(Object value) {
        String s = value.toString();
        if (s.contains("'") || s.contains("\n")) throw new IllegalArgumentException("unexpected character in " + s);
        return "'" + s + "'";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private void stopProcess() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            stopProcess();
        } finally {
            Files2.deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "registry " + baseUri() + (users.isEmpty() ? "" : " (basic auth)") + (tokens != null ? " (token auth)" : "");
    }

    /** Chooses the mode; {@link #start()} launches the registry and waits until it answers. */
    public static final class Builder {
        private TestCa ca;
        private final Map<String, String> users = new LinkedHashMap<>();
        private TokenServer tokens;
        private String address = "127.0.0.1";
        private TestCa.KeyPairFiles serverKeyPair;

        private Builder() {
        }

        /**
         * Listen on {@code ip} instead of 127.0.0.1, e.g. an address of this machine outside 127.0.0.0/8 (clients treat
         * loopback registries as insecure). With TLS, pair it with a {@link #serverCertificate} naming that address.
         */
        public Builder address(String ip) {
            this.address = ip;
            return this;
        }

        /** The TLS certificate and key to serve instead of the CA's 127.0.0.1/localhost server certificate. */
        public Builder serverCertificate(TestCa.KeyPairFiles pair) {
            this.serverKeyPair = pair;
            return this;
        }

        /** Serve HTTPS with {@code ca}'s server certificate; {@code null} keeps plain HTTP. */
        public Builder tls(TestCa ca) {
            this.ca = ca;
            return this;
        }

        /** htpasswd basic auth with these users ({@code name -> password}). */
        public Builder htpasswd(Map<String, String> users) {
            this.users.putAll(users);
            return this;
        }

        /** Bearer tokens issued by {@code tokens}. */
        public Builder token(TokenServer tokens) {
            this.tokens = tokens;
            return this;
        }

        public RegistryServer start() {
            if (!users.isEmpty() && tokens != null) throw new IllegalArgumentException("choose htpasswd or token auth, not both");
            for (String u : users.keySet()) {
                if (u.isEmpty() || u.contains(":")) throw new IllegalArgumentException("bad htpasswd user name: '" + u + "'");
            }
            Path dir;
            try {
                dir = Files.createTempDirectory(Path.of("/tmp"), "isula-test-registry-");
            } catch (IOException e) {
                throw new AssertionError("cannot create the registry folder: " + e, e);
            }
            RegistryServer r = new RegistryServer(dir, this);
            try {
                r.start();
                return r;
            } catch (IOException e) {
                r.close();
                throw new AssertionError("cannot start docker-registry: " + e, e);
            } catch (RuntimeException | Error e) {
                r.close();
                throw e;
            }
        }
    }
}
