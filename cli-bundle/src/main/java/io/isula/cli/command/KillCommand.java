package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula kill}: prints each name signalled. */
public final class KillCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("kill", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Kill one or more running containers", 1, -1, "CONTAINER",
            Opt.value('s', "signal", "Signal to send to the container (default \"SIGKILL\")"));

    String signal;
    List<String> containers;

    public KillCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        signal = args.value("signal");
        containers = args.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.kill(ref, signal); }

    @Override
    public int call() { return forEach(containers); }
}
