package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula unpause}: thaws each paused container; prints each name. */
public final class UnpauseCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("unpause", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Unpause all processes within one or more containers", 1, -1, "CONTAINER");

    List<String> containers;

    public UnpauseCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { containers = args.positionals(); }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.unpause(ref); }

    @Override
    public int call() { return forEach(containers); }
}
