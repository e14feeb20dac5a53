package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;

import java.util.List;

/** {@code isula wait}: one exit code per line. */
public final class WaitCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("wait", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Block until one or more containers stop, then print their exit codes", 1, -1, "CONTAINER");

    List<String> containers;

    public WaitCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { containers = args.positionals(); }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        int rc = ExitCodes.OK;
        for (String ref : containers) {
            try {
                out().println(engine.await(ref));
                out().flush();
            } catch (EngineException e) {
                err().println(Failures.message(e));
                rc = ExitCodes.COMMON;
            }
        }
        return rc;
    }
}
