package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code isula start}: prints each name; with {@code -a} streams the output instead and exits with the container's code. */
@Command(name = "start", description = "Start one or more stopped containers")
public final class StartCommand extends EngineCommand {
    @Option(names = {"-a", "--attach"}, description = "Attach container's STDOUT and STDERR")
    boolean attach;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    public StartCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        if (!attach) {
            return forEach(containers, ContainerEngine::start);
        }
        if (containers.size() != 1) {
            err().println("You cannot start and attach multiple containers at once.");
            return ExitCodes.COMMON;
        }
        ContainerEngine engine = engine();
        String ref = containers.get(0);
        try {
            engine.start(ref);
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_MODIFIED) {
                throw e;
            }
        }
        return new Attachment(engine, out(), err()).followUntilExit(ref);
    }
}
