package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.core.api.RegistryAuth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code isula login [-u USER] [-p PASSWORD | --password-stdin] SERVER}: the daemon checks the credentials against
 * the registry and keeps them (iSulad stores logins daemon-side). Missing values are asked for on the terminal.
 */
public final class LoginCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("login", "[OPTIONS] SERVER",
            "Log in to a Docker registry", 1, 1, "SERVER",
            Opt.value('u', "username", "Username"),
            Opt.value('p', "password", "Password"),
            Opt.flag(Opt.NO_SHORT, "password-stdin", "Take the password from stdin"));

    private final InputStream stdin;
    String server;
    String username;
    String password;
    boolean passwordStdin;

    public LoginCommand(CliContext ctx) { this(ctx, System.in); }

    LoginCommand(CliContext ctx, InputStream stdin) {
        super(ctx);
        this.stdin = stdin;
    }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        server = args.positional(0);
        username = args.value("username");
        password = args.value("password");
        passwordStdin = args.flag("password-stdin");
        if (passwordStdin && password != null) {
            throw new UsageException("--password and --password-stdin are mutually exclusive");
        }
        if (passwordStdin && username == null) {
            throw new UsageException("Must provide --username with --password-stdin");
        }
    }

    @Override
    public int call() {
        Console console = System.console();
        if (username == null) {
            username = console == null ? null : console.readLine("Username: ");
        }
        if (passwordStdin) {
            password = firstLine(stdin);
        } else if (password == null && console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        }
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new CliFailure(ExitCodes.COMMON, "Error: username and password are required");
        }
        out().println(images().login(new RegistryAuth(username, password, server)));
        return ExitCodes.OK;
    }

    private static String firstLine(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from stdin", e);
        }
    }
}
