package io.isula.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code isula} program: a client of the daemon on {@code -H} / {@code ISULAD_HOST} /
 * {@code unix:///var/run/isulad.sock}. Start-up is what a short command costs, so the path from here to the
 * socket avoids what loads many classes: no reflection-driven parser, no jackson-databind, no lambdas.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // System.out flushes at every line: a command that prints many (logs) writes them in large blocks instead;
        // the commands flush where output must show at once (streams, events, stats)
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
                false);
        int code = run(args, out, System.err, System.getenv());
        out.flush();
        System.out.flush();
        System.err.flush();
        // the client registers no shutdown hooks, and System.exit would first set up the JDK's logging to log the
        // exit (a few ms on every command)
        Runtime.getRuntime().halt(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CliContext ctx = new CliContext(new HttpEngines(env.get("ISULAD_HOST")), out, err, Clock.systemUTC(), env);
        return new IsulaCli(ctx, ClientBuild.current()).execute(args);
    }
}
