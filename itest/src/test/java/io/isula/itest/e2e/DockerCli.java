package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stock docker CLI pointed at one daemon's socket, with a private {@code DOCKER_CONFIG} (the test never reads
 * or writes /root/.docker) and none of the variables that could redirect it to another engine.
 */
final class DockerCli implements AutoCloseable {
    private static final Set<String> REDIRECTING = Set.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY",
            "DOCKER_CERT_PATH", "DOCKER_API_VERSION");

    private final Path docker = Env.docker();
    private final Daemon daemon;
    private final Path config;
    private final Duration timeout;

    DockerCli(Daemon daemon) {
        this(daemon, Duration.ofSeconds(60));
    }

    /** {@code timeout}: how long one command may take (a pull through the CLI wants more than the default). */
    DockerCli(Daemon daemon, Duration timeout) {
        this.daemon = daemon;
        this.timeout = timeout;
        try {
            this.config = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-docker-config-");
        } catch (IOException e) {
            throw new AssertionError("cannot create a docker config folder: " + e, e);
        }
    }

    /** {@code docker -H <our socket> ARGS}, asserting nothing. */
    Result run(String... args) {
        return Exec.run(command(args), environment(), REDIRECTING, daemon.dir(), timeout);
    }

    /** As {@link #run(String...)} with {@code stdin} piped in. */
    Result runWithInput(byte[] stdin, String... args) {
        return Exec.run(command(args), environment(), REDIRECTING, daemon.dir(), timeout, stdin);
    }

    /** As {@link #run(String...)}, asserting exit code 0 (the daemon's log tail in the message otherwise). */
    Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.exitCode(), () -> r + "\n" + daemon.logTail());
        return r;
    }

    /** The whole command line, environment included through {@code env}: for a terminal (tmux) to run. */
    List<String> commandLine(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env"));
        REDIRECTING.forEach(v -> cmd.addAll(List.of("-u", v)));
        environment().forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(command(args));
        return cmd;
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(docker.toString(), "-H", daemon.host()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Map<String, String> environment() {
        return Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CLI_HINTS", "false");
    }

    @Override
    public void close() {
        Files2.deleteTree(config);
    }
}
