package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code isula run}: with {@code -d} prints the id; otherwise streams the container's output and exits with
 * its exit code. {@code --rm} while attached removes after the wait (so the exit code is known first).
 */
@Command(name = "run", description = "Run a command in a new container",
        customSynopsis = "isula run [OPTIONS] ROOTFS|IMAGE [COMMAND] [ARG...]")
public final class RunCommand extends EngineCommand {
    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    public RunCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        ContainerEngine engine = engine();
        String id = engine.create(options.toRequest(detach && options.remove(), System.getenv()));
        engine.start(id);
        if (detach) {
            out().println(id);
            return ExitCodes.OK;
        }
        int code = new Attachment(engine, out(), err()).followUntilExit(id);
        if (options.remove()) {
            try {
                engine.remove(id, true);
            } catch (EngineException e) {
                err().println(Failures.message(e));
            }
        }
        return code;
    }

    @Override
    public int failureExitCode() { return ExitCodes.INVALID; }
}
