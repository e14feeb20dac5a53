package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula pause}: freezes each container's processes; prints each name paused. */
public final class PauseCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("pause", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Pause all processes within one or more containers", 1, -1, "CONTAINER");

    List<String> containers;

    public PauseCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { containers = args.positionals(); }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.pause(ref); }

    @Override
    public int call() { return forEach(containers); }
}
