package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula restart [-t N]}: stops (then kills after N seconds) and starts each container; prints each name. */
public final class RestartCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("restart", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Restart one or more containers", 1, -1, "CONTAINER",
            Opt.value('t', "time", "Seconds to wait for stop before killing the container (default 10)"));

    int timeout;
    List<String> containers;

    public RestartCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        timeout = args.intValue("time", 10);
        if (timeout < 0) {
            throw OptionValues.invalid("time", Integer.toString(timeout));
        }
        containers = args.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.restart(ref, timeout); }

    @Override
    public int call() { return forEach(containers); }
}
