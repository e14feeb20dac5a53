package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;

/** {@code isula rename OLD_NAME NEW_NAME}: silent on success. */
public final class RenameCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("rename", "[OPTIONS] OLD_NAME NEW_NAME",
            "Rename a container", 2, 2, "OLD_NAME NEW_NAME");

    String from;
    String to;

    public RenameCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        from = args.positional(0);
        to = args.positional(1);
    }

    @Override
    public int call() {
        engine().rename(from, to);
        return ExitCodes.OK;
    }
}
