package io.isula.cli.command;

import io.isula.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code isula kill}: prints each name signalled. */
@Command(name = "kill", description = "Kill one or more running containers")
public final class KillCommand extends EngineCommand {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container (default SIGKILL)")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    public KillCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        return forEach(containers, (engine, ref) -> engine.kill(ref, signal));
    }
}
