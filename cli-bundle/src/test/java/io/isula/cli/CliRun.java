package io.isula.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** One command line run against an engine, with what it printed. */
record CliRun(int code, String out, String err) {
    static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");

    static CliRun of(FakeEngine engine, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(host -> engine, o, e, Clock.fixed(NOW, ZoneOffset.UTC));
        int code = new IsulaCli(ctx, new ClientBuild("0.1.0", "abc", "now")).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
