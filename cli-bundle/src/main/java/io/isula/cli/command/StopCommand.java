package io.isula.cli.command;

import io.isula.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code isula stop}: prints each name stopped. */
@Command(name = "stop", description = "Stop one or more containers")
public final class StopCommand extends EngineCommand {
    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait for stop before killing it (default 10)")
    int time = 10;

    @Option(names = {"-f", "--force"}, description = "Stop by force killing the container")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    public StopCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        int timeout = force ? 0 : time;
        return forEach(containers, (engine, ref) -> engine.stop(ref, timeout));
    }
}
