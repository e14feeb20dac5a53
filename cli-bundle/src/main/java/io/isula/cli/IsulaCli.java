package io.isula.cli;

import io.isula.cli.command.CreateCommand;
import io.isula.cli.command.EngineCommand;
import io.isula.cli.command.Failures;
import io.isula.cli.command.InfoCommand;
import io.isula.cli.command.InspectCommand;
import io.isula.cli.command.KillCommand;
import io.isula.cli.command.LogsCommand;
import io.isula.cli.command.PsCommand;
import io.isula.cli.command.RmCommand;
import io.isula.cli.command.RootCommand;
import io.isula.cli.command.RunCommand;
import io.isula.cli.command.StartCommand;
import io.isula.cli.command.StopCommand;
import io.isula.cli.command.VersionCommand;
import io.isula.cli.command.WaitCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code isula} command line over any engine: the same commands serve the HTTP client ({@link Main})
 * and the in-process Gogo console. Parsing follows iSulad: options before positional arguments (everything
 * after IMAGE is the container's command), clustered short flags, attached values, {@code --}.
 */
public final class IsulaCli {
    private final CliContext ctx;
    private final ClientBuild build;

    public IsulaCli(CliContext ctx, ClientBuild build) {
        this.ctx = ctx;
        this.build = build;
    }

    /** Runs one command line and returns its exit code; output goes to the context's streams. */
    public int execute(String... args) {
        GlobalArgs global = GlobalArgs.leading(args);
        CliContext scoped = new CliContext(
                host -> ctx.engine(host != null ? host : global.host()), ctx.out(), ctx.err(), ctx.clock());
        CommandLine cl = commandLine(scoped);
        try {
            return cl.execute(global.rest());
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    CommandLine commandLine(CliContext c) {
        RootCommand root = new RootCommand(build);
        CommandLine cl = new CommandLine(root);
        cl.getCommandSpec().versionProvider(root);
        for (EngineCommand command : commands(c)) {
            cl.addSubcommand(command);
        }
        cl.setStopAtPositional(true);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(new PrintWriter(c.out(), true));
        cl.setErr(new PrintWriter(c.err(), true));
        cl.setParameterExceptionHandler(this::onBadArguments);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> onFailure(e, cmd));
        return cl;
    }

    private List<EngineCommand> commands(CliContext c) {
        return List.of(
                new CreateCommand(c), new RunCommand(c), new StartCommand(c), new StopCommand(c),
                new KillCommand(c), new RmCommand(c), new PsCommand(c), new InspectCommand(c),
                new WaitCommand(c), new LogsCommand(c), new VersionCommand(c, build), new InfoCommand(c));
    }

    /** Unknown command: 1 (as iSulad); any other bad argument: 125. */
    private int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (cmd.getParent() == null) {
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && !u.getUnmatched().get(0).startsWith("-")) {
                err.println("isula: '" + u.getUnmatched().get(0) + "' is not a isula command.");
            } else {
                err.println(e.getMessage());
            }
            err.println("See 'isula --help'.");
            return ExitCodes.COMMON;
        }
        err.println(e.getMessage());
        err.println("See 'isula " + cmd.getCommandName() + " --help'.");
        return ExitCodes.INVALID;
    }

    private int onFailure(Exception e, CommandLine cmd) {
        int code = cmd.getCommand() instanceof EngineCommand ec ? ec.failureExitCode() : ExitCodes.COMMON;
        cmd.getOut().flush();
        return Failures.report(e, ctx.err(), code);
    }
}
