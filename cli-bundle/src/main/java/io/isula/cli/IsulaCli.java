package io.isula.cli;

import io.isula.cli.args.ArgParser;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.cli.command.AttachCommand;
import io.isula.cli.command.CpCommand;
import io.isula.cli.command.CreateCommand;
import io.isula.cli.command.EventsCommand;
import io.isula.cli.command.ExecCommand;
import io.isula.cli.command.EngineCommand;
import io.isula.cli.command.Failures;
import io.isula.cli.command.InfoCommand;
import io.isula.cli.command.InspectCommand;
import io.isula.cli.command.KillCommand;
import io.isula.cli.command.LogsCommand;
import io.isula.cli.command.PsCommand;
import io.isula.cli.command.RmCommand;
import io.isula.cli.command.RunCommand;
import io.isula.cli.command.StartCommand;
import io.isula.cli.command.StatsCommand;
import io.isula.cli.command.StopCommand;
import io.isula.cli.command.TopCommand;
import io.isula.cli.command.VersionCommand;
import io.isula.cli.command.WaitCommand;

import java.io.PrintStream;

/**
 * The {@code isula} command line over any engine: the same commands serve the HTTP client ({@link Main})
 * and the in-process Gogo console. Each command declares an option table ({@link CommandSpec}) that
 * {@link ArgParser} reads with iSulad's rules: options before positional arguments (everything after IMAGE
 * is the container's command), clustered short flags, attached values, {@code --}. A bad command line is
 * exit 125 (an unknown command 1); {@code --help} prints the command's table and exits 0.
 */
public final class IsulaCli {
    /** The commands in help order (sorted, as iSulad lists them). */
    static final String[] COMMANDS = {
        "attach", "cp", "create", "events", "exec", "info", "inspect", "kill", "logs", "ps", "rm", "run", "start", "stats", "stop", "top",
        "version", "wait"};

    private final CliContext ctx;
    private final ClientBuild build;

    public IsulaCli(CliContext ctx, ClientBuild build) {
        this.ctx = ctx;
        this.build = build;
    }

    /** Runs one command line and returns its exit code; output goes to the context's streams. */
    public int execute(String... args) {
        PrintStream out = ctx.out();
        PrintStream err = ctx.err();
        GlobalArgs global = GlobalArgs.leading(args);
        String[] rest = global.rest();
        try {
            if (rest.length == 0) {
                out.print(rootHelp());
                return ExitCodes.OK;
            }
            String name = rest[0];
            if (name.equals("--help")) {
                CommandSpec spec = rest.length > 1 ? spec(rest[1]) : null;
                out.print(spec != null ? spec.help() : rootHelp());
                return ExitCodes.OK;
            }
            if (name.equals("--version")) {
                out.println(build.versionLine());
                return ExitCodes.OK;
            }
            EngineCommand command = command(name, ctx);
            if (command == null) {
                err.println(name.startsWith("-")
                        ? "Unknown flag found:'" + name + "'" : "isula: '" + name + "' is not a isula command.");
                err.println("See 'isula --help'.");
                return ExitCodes.COMMON;
            }
            return run(command, rest, global.host());
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(EngineCommand command, String[] rest, String globalHost) {
        CommandSpec spec = command.spec();
        try {
            ParsedArgs parsed = ArgParser.parse(spec, rest, 1);
            if (parsed.help()) {
                ctx.out().print(spec.help());
                return ExitCodes.OK;
            }
            command.bind(parsed);
        } catch (UsageException e) {
            ctx.err().println(e.getMessage());
            ctx.err().println("See 'isula " + spec.name() + " --help'.");
            return ExitCodes.INVALID;
        }
        if (command.host() == null) {
            command.host(globalHost);
        }
        try {
            return command.call();
        } catch (RuntimeException e) {
            ctx.out().flush();
            return Failures.report(e, ctx.err(), command.failureExitCode());
        }
    }

    /** A new command object for {@code name}, or null when there is no such command. */
    EngineCommand command(String name, CliContext c) {
        switch (name) {
            case "create": return new CreateCommand(c);
            case "run": return new RunCommand(c);
            case "start": return new StartCommand(c);
            case "stop": return new StopCommand(c);
            case "kill": return new KillCommand(c);
            case "rm": return new RmCommand(c);
            case "ps": return new PsCommand(c);
            case "inspect": return new InspectCommand(c);
            case "wait": return new WaitCommand(c);
            case "logs": return new LogsCommand(c);
            case "version": return new VersionCommand(c, build);
            case "info": return new InfoCommand(c);
            case "exec": return new ExecCommand(c);
            case "attach": return new AttachCommand(c);
            case "cp": return new CpCommand(c);
            case "top": return new TopCommand(c);
            case "events": return new EventsCommand(c);
            case "stats": return new StatsCommand(c);
            default: return null;
        }
    }

    /** The table of {@code name}, or null. */
    static CommandSpec spec(String name) {
        switch (name) {
            case "create": return CreateCommand.SPEC;
            case "run": return RunCommand.SPEC;
            case "start": return StartCommand.SPEC;
            case "stop": return StopCommand.SPEC;
            case "kill": return KillCommand.SPEC;
            case "rm": return RmCommand.SPEC;
            case "ps": return PsCommand.SPEC;
            case "inspect": return InspectCommand.SPEC;
            case "wait": return WaitCommand.SPEC;
            case "logs": return LogsCommand.SPEC;
            case "version": return VersionCommand.SPEC;
            case "info": return InfoCommand.SPEC;
            case "exec": return ExecCommand.SPEC;
            case "attach": return AttachCommand.SPEC;
            case "cp": return CpCommand.SPEC;
            case "top": return TopCommand.SPEC;
            case "events": return EventsCommand.SPEC;
            case "stats": return StatsCommand.SPEC;
            default: return null;
        }
    }

    /** {@code isula} / {@code isula --help}: iSulad's usage, commands sorted, then the common options. */
    static String rootHelp() {
        StringBuilder b = new StringBuilder(1024);
        b.append("USAGE:\n\tisula <command> [args...]\n\nCOMMANDS:\n");
        for (String name : COMMANDS) {
            b.append('\t').append(name);
            for (int i = name.length(); i < 12; i++) {
                b.append(' ');
            }
            b.append(spec(name).description()).append('\n');
        }
        b.append("\nCOMMON OPTIONS :\n");
        b.append("\t--help      Print usage\n");
        b.append("\t--version   Print version information and quit\n");
        b.append("\nRun 'isula COMMAND --help' for more information on a command.\n");
        return b.toString();
    }
}
