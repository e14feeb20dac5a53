package io.isula.cli.command;

import io.isula.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code isula rm}: prints each name removed. */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    public RmCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        return forEach(containers, (engine, ref) -> engine.remove(ref, force));
    }
}
