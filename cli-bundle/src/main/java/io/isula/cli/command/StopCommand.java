package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula stop}: prints each name stopped. */
public final class StopCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("stop", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Stop one or more containers", 1, -1, "CONTAINER",
            Opt.value('t', "time", "Seconds to wait for stop before killing it (default 10)"),
            Opt.flag('f', "force", "Stop by force killing the container"));

    int timeout;
    List<String> containers;

    public StopCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        int time = args.intValue("time", 10);
        timeout = args.flag("force") ? 0 : time;
        containers = args.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.stop(ref, timeout); }

    @Override
    public int call() { return forEach(containers); }
}
