package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code isula wait}: one exit code per line. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand extends EngineCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    public WaitCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
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
