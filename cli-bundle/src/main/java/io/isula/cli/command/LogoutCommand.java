package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;

/** {@code isula logout SERVER}: the daemon forgets the registry's credentials. */
public final class LogoutCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("logout", "SERVER", "Log out from a Docker registry", 1, 1,
            "SERVER");

    String server;

    public LogoutCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { server = args.positional(0); }

    @Override
    public int call() {
        images().logout(server);
        out().println("Logout Succeeded");
        return ExitCodes.OK;
    }
}
