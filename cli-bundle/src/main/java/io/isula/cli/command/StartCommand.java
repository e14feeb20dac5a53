package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;

import java.util.List;

/** {@code isula start}: prints each name; with {@code -a} streams the output instead and exits with the container's code. */
public final class StartCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("start", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Start one or more stopped containers", 1, -1, "CONTAINER",
            Opt.flag('a', "attach", "Attach container's STDOUT and STDERR"));

    boolean attach;
    List<String> containers;

    public StartCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        attach = args.flag("attach");
        containers = args.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) { engine.start(ref); }

    @Override
    public int call() {
        if (!attach) {
            return forEach(containers);
        }
        if (containers.size() != 1) {
            err().println("You cannot start and attach multiple containers at once.");
            return ExitCodes.COMMON;
        }
        ContainerEngine engine = engine();
        String ref = containers.get(0);
        var details = engine.inspect(ref);
        boolean stdin = details.config() != null && details.config().openStdin();
        boolean tty = details.config() != null && details.config().tty();
        Attachment.Session attached = new Attachment(engine, out(), err()).attach(ref, stdin, tty);
        try {
            engine.start(ref);
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_MODIFIED) {
                attached.close();
                throw e;
            }
        }
        int code = attached.follow();
        return code == Attachment.DETACHED ? ExitCodes.OK : code;
    }
}
