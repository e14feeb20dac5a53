package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;

import java.util.List;

/** {@code isula rm}: prints each name removed. */
public final class RmCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("rm", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Remove one or more containers", 1, -1, "CONTAINER",
            Opt.flag('f', "force", "Force the removal of a running container (uses SIGKILL)"),
            Opt.flag('v', "volumes", "Remove anonymous volumes associated with the container"));

    boolean force;
    boolean volumes;
    List<String> containers;

    public RmCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        force = args.flag("force");
        volumes = args.flag("volumes");
        containers = args.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) {
        if (volumes) {
            engine.remove(ref, force, true);
        } else {
            engine.remove(ref, force);
        }
    }

    @Override
    public int call() { return forEach(containers); }
}
