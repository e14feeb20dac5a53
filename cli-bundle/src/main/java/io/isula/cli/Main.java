package io.isula.cli;

import io.isula.cli.command.Failures;
import io.isula.cli.command.VersionCommand;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code isula} program: a client of the daemon on {@code -H} / {@code ISULAD_HOST} /
 * {@code unix:///var/run/isulad.sock}. {@code --version} and a bare {@code isula version} skip picocli:
 * building its model costs several times the JVM's own start-up, and these two need no parsing.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        ClientBuild build = ClientBuild.current();
        CliContext ctx = new CliContext(new HttpEngines(env.get("ISULAD_HOST")), out, err, Clock.systemUTC());
        GlobalArgs global = GlobalArgs.leading(args);
        String[] rest = global.rest();
        if (rest.length == 1 && rest[0].equals("--version")) {
            out.println(build.versionLine());
            return ExitCodes.OK;
        }
        if (rest.length >= 1 && rest[0].equals("version")) {
            GlobalArgs after = GlobalArgs.leading(java.util.Arrays.copyOfRange(rest, 1, rest.length));
            if (after.rest().length == 0) {
                return bareVersion(ctx, build, after.host() != null ? after.host() : global.host());
            }
        }
        return new IsulaCli(ctx, build).execute(args);
    }

    private static int bareVersion(CliContext ctx, ClientBuild build, String host) {
        VersionCommand command = new VersionCommand(ctx, build);
        command.common().host(host);
        try {
            return command.call();
        } catch (RuntimeException e) {
            return Failures.report(e, ctx.err(), command.failureExitCode());
        }
    }
}
