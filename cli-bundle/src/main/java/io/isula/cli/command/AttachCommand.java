package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.terminal.Terminal;
import io.isula.core.api.AttachOptions;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.StdioStream;

/**
 * {@code isula attach}: our terminal to a running container's: its output from now on, our input to it. The detach
 * keys (ctrl-p ctrl-q) leave it running and exit 0; otherwise the container's exit code once it stops.
 */
public final class AttachCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("attach", "[OPTIONS] CONTAINER",
            "Attach to a running container", 1, 1, "CONTAINER");

    String container;

    public AttachCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        container = args.positional(0);
    }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        ContainerDetails c = engine.inspect(container);
        ContainerStatus status = c.state() == null ? null : c.state().status();
        if (status == ContainerStatus.PAUSED) {
            throw new CliFailure(ExitCodes.COMMON, "You cannot attach to a paused container, unpause it first");
        }
        if (status != ContainerStatus.RUNNING) {
            throw new CliFailure(ExitCodes.COMMON, "You cannot attach to a stopped container, start it first");
        }
        boolean tty = c.config() != null && c.config().tty();
        boolean stdin = c.config() != null && c.config().openStdin() || tty;
        Terminal terminal = tty ? Terminal.onStdin() : null;
        StdioSession session = new StdioSession(out(), err());
        StdioStream stream = engine.attach(container, new AttachOptions(stdin, true, true, null), session);
        if (session.run(stream, stdin ? System.in : null, terminal, null)) {
            return ExitCodes.OK;
        }
        return engine.await(container);
    }
}
