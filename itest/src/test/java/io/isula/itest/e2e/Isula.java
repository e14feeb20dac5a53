package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code isula} client bound to one daemon socket: {@code isula <cmd> -H unix://SOCK args...}.
 * The socket goes right after the subcommand (iSulad's common options live on every subcommand).
 */
final class Isula {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final String host;
    private final Path cwd;
    private final java.util.function.Supplier<String> diagnostics;

    /** {@code diagnostics} is appended to a timeout failure (the daemon log: why did the call hang?). */
    Isula(Path bin, String host, Path cwd, java.util.function.Supplier<String> diagnostics) {
        this.bin = bin;
        this.host = host;
        this.cwd = cwd;
        this.diagnostics = diagnostics;
    }

    String host() {
        return host;
    }

    /** {@code isula <args[0]> -H host <args[1..]>}; never fails by itself, the caller asserts on the result. */
    Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** {@code echo INPUT | isula <args>}: {@code stdin} piped to the client. */
    Result runWithInput(byte[] stdin, String... args) {
        return run(DEFAULT_TIMEOUT, stdin, args);
    }

    Result run(Duration timeout, String... args) {
        return run(timeout, null, args);
    }

    Result run(Duration timeout, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        if (args.length > 0) {
            cmd.add(args[0]);
            cmd.add("-H");
            cmd.add(host);
            cmd.addAll(List.of(args).subList(1, args.length));
        }
        try {
            return Exec.run(cmd, Map.of("ISULAD_HOST", host), java.util.Set.of(), cwd, timeout, stdin);
        } catch (AssertionError e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("timed out")) throw e;
            throw new AssertionError(e.getMessage() + "\n" + diagnostics.get(), e);
        }
    }

    /** The command line that runs {@code isula <args>} against this daemon (for a terminal multiplexer). */
    List<String> commandLine(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        if (args.length > 0) {
            cmd.add(args[0]);
            cmd.add("-H");
            cmd.add(host);
            cmd.addAll(List.of(args).subList(1, args.length));
        }
        return cmd;
    }

    /** Runs and asserts exit 0; returns the result for further checks. */
    Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.exitCode(), () -> "expected success:\n" + r);
        return r;
    }
}
