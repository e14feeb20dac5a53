package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;

/**
 * {@code isula run}: with {@code -d} prints the id; otherwise streams the container's output and exits with
 * its exit code. {@code --rm} while attached removes after the wait (so the exit code is known first).
 */
public final class RunCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.withCommand("run",
            "[OPTIONS] ROOTFS|IMAGE [COMMAND] [ARG...]", "Run a command in a new container",
            CreateOptions.options(Opt.flag('d', "detach", "Run container in background and print container ID")));

    final CreateOptions options = new CreateOptions();
    boolean detach;

    public RunCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        options.bind(args);
        detach = args.flag("detach");
    }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        String id = options.create(engine, this::images, options.toRequest(detach && options.remove(), ctx.env()), err());
        Attachment.Session attached = null;
        if (!detach) {
            try {
                attached = new Attachment(engine, out(), err()).attach(id, options.interactive(), options.tty());
            } catch (EngineException e) {
                if (options.remove()) {
                    removeQuietly(engine, id);
                }
                throw e;
            }
        }
        try {
            engine.start(id);
        } catch (EngineException e) {
            if (attached != null) {
                attached.close();
            }
            if (options.remove()) {
                removeQuietly(engine, id);
            }
            err().println(Failures.message(e));
            return startFailureExitCode(e.getMessage());
        }
        if (detach) {
            out().println(id);
            return ExitCodes.OK;
        }
        int code = attached.follow();
        if (code == Attachment.DETACHED) {
            return ExitCodes.OK;
        }
        if (options.remove()) {
            try {
                engine.remove(id, true);
            } catch (EngineException e) {
                err().println(Failures.message(e));
            }
        }
        return code;
    }

    /** As Docker and iSulad: 127 when the command is missing, 126 when it can not be run, else 125. */
    static int startFailureExitCode(String message) {
        String m = message == null ? "" : message;
        if (m.contains("executable file not found") || m.contains("no such file or directory")) {
            return 127;
        }
        if (m.contains("permission denied")) {
            return 126;
        }
        return ExitCodes.INVALID;
    }

    private void removeQuietly(ContainerEngine engine, String id) {
        try {
            engine.remove(id, true);
        } catch (EngineException ignored) {
            // the start failure is what the user needs to see
        }
    }

    @Override
    public int failureExitCode() { return ExitCodes.INVALID; }
}
