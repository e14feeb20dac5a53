package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.core.api.LogOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isula logs}: the text as the container wrote it; {@code --tail 0} prints nothing, a negative tail all. */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand extends EngineCommand {
    @Option(names = "--tail", paramLabel = "N", description = "Number of lines to show from the end of the logs (default all)")
    int tail = -1;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Parameters(index = "0", arity = "1", paramLabel = "CONTAINER")
    String container;

    public LogsCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        engine().logs(container, new LogOptions(follow, tail, timestamps, true, true),
                new LogPrinter(out(), err(), timestamps));
        return ExitCodes.OK;
    }
}
