package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.terminal.Terminal;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.StdioStream;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code isula exec}: runs a command in a running container and exits with its exit code; {@code -d} leaves it running
 * and exits at once.
 */
public final class ExecCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.withCommand("exec", "[OPTIONS] CONTAINER COMMAND [ARG...]",
            "Run a command in a running container", "CONTAINER", 2,
            Opt.flag('d', "detach", "Run command in the background"),
            Opt.list('e', "env", "Set environment variables"),
            Opt.flag('i', "interactive", "Keep STDIN open even if not attached"),
            Opt.flag('t', "tty", "Allocate a pseudo-TTY"),
            Opt.value('u', "user", "Username or UID (format: <name|uid>[:<group|gid>])"),
            Opt.value(Opt.NO_SHORT, "workdir", "Working directory inside the container"));

    boolean detach;
    boolean interactive;
    boolean tty;
    List<String> env;
    String user;
    String workdir;
    String container;
    List<String> command;

    public ExecCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        detach = args.flag("detach");
        interactive = args.flag("interactive");
        tty = args.flag("tty");
        env = args.values("env");
        user = args.value("user");
        workdir = args.value("workdir");
        List<String> p = args.positionals();
        container = p.get(0);
        command = new ArrayList<>(p.subList(1, p.size()));
    }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        Terminal terminal = tty && !detach ? Terminal.onStdin() : null;
        int[] size = terminal == null ? null : terminal.size();
        ExecConfig config = new ExecConfig(interactive && !detach, !detach, !detach, null, tty,
                env.isEmpty() ? null : OptionValues.environment(env, ctx.env()), command, false, user, workdir,
                size == null ? null : List.of(size[0], size[1]));
        String id = engine.execCreate(container, config);
        if (detach) {
            engine.execStart(id, null);
            return ExitCodes.OK;
        }
        StdioSession session = new StdioSession(out(), err());
        StdioStream stream = engine.execStart(id, session);
        boolean detached = session.run(stream, interactive ? System.in : null, terminal, null);
        if (detached) {
            return ExitCodes.OK;
        }
        ExecDetails details = engine.execInspect(id);
        return details.exitCode() == null ? ExitCodes.COMMON : details.exitCode();
    }
}
