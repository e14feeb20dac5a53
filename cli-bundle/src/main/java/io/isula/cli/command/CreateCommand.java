package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code isula create}: prints the new container's full id. */
@Command(name = "create", description = "Create a new container",
        customSynopsis = "isula create [OPTIONS] --external-rootfs=PATH|IMAGE [COMMAND] [ARG...]")
public final class CreateCommand extends EngineCommand {
    @Mixin
    CreateOptions options;

    public CreateCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        String id = engine().create(options.toRequest(options.remove(), System.getenv()));
        out().println(id);
        return ExitCodes.OK;
    }

    @Override
    public int failureExitCode() { return ExitCodes.INVALID; }
}
