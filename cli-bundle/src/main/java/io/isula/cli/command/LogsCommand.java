package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.LogOptions;

/** {@code isula logs}: the text as the container wrote it; {@code --tail 0} prints nothing, a negative tail all. */
public final class LogsCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("logs", "[OPTIONS] CONTAINER",
            "Fetch the logs of a container", 1, 1, "CONTAINER",
            Opt.value(Opt.NO_SHORT, "tail", "Number of lines to show from the end of the logs (default all)"),
            Opt.flag('f', "follow", "Follow log output"),
            Opt.flag('t', "timestamps", "Show timestamps"));

    int tail;
    boolean follow;
    boolean timestamps;
    String container;

    public LogsCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        String t = args.value("tail");
        tail = t == null || t.equals("all") ? -1 : args.intValue("tail", -1);
        follow = args.flag("follow");
        timestamps = args.flag("timestamps");
        container = args.positional(0);
    }

    @Override
    public int call() {
        engine().logs(container, new LogOptions(follow, tail, timestamps, true, true),
                new LogPrinter(out(), err(), timestamps));
        return ExitCodes.OK;
    }
}
