package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;

/** {@code isula create}: prints the new container's full id. */
public final class CreateCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.withCommand("create",
            "[OPTIONS] --external-rootfs=PATH|IMAGE [COMMAND] [ARG...]", "Create a new container",
            CreateOptions.options());

    final CreateOptions options = new CreateOptions();

    public CreateCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { options.bind(args); }

    @Override
    public int call() {
        String id = options.create(engine(), this::images, options.toRequest(options.remove(), ctx.env()), err());
        out().println(id);
        return ExitCodes.OK;
    }

    @Override
    public int failureExitCode() { return ExitCodes.INVALID; }
}
