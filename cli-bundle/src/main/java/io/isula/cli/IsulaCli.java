package io.isula.cli;

import io.isula.cli.args.ArgParser;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.cli.command.AttachCommand;
import io.isula.cli.command.CpCommand;
import io.isula.cli.command.CreateCommand;
import io.isula.cli.command.ExportCommand;
import io.isula.cli.command.ImagesCommand;
import io.isula.cli.command.ImportCommand;
import io.isula.cli.command.LoadCommand;
import io.isula.cli.command.LoginCommand;
import io.isula.cli.command.LogoutCommand;
import io.isula.cli.command.PullCommand;
import io.isula.cli.command.RmiCommand;
import io.isula.cli.command.TagCommand;
import io.isula.cli.command.EventsCommand;
import io.isula.cli.command.ExecCommand;
import io.isula.cli.command.EngineCommand;
import io.isula.cli.command.Failures;
import io.isula.cli.command.InfoCommand;
import io.isula.cli.command.InspectCommand;
import io.isula.cli.command.KillCommand;
import io.isula.cli.command.LogsCommand;
import io.isula.cli.command.PauseCommand;
import io.isula.cli.command.PsCommand;
import io.isula.cli.command.RenameCommand;
import io.isula.cli.command.RestartCommand;
import io.isula.cli.command.RmCommand;
import io.isula.cli.command.RunCommand;
import io.isula.cli.command.StartCommand;
import io.isula.cli.command.StatsCommand;
import io.isula.cli.command.StopCommand;
import io.isula.cli.command.UnpauseCommand;
import io.isula.cli.command.UpdateCommand;
import io.isula.cli.command.TopCommand;
import io.isula.cli.command.VersionCommand;
import io.isula.cli.command.VolumeCommands;
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
        "attach", "cp", "create", "events", "exec", "export", "images", "import", "info", "inspect", "kill", "load",
        "login", "logout", "logs", "pause", "ps", "pull", "rename", "restart", "rm", "rmi", "run", "start", "stats",
        "stop", "tag", "top", "unpause", "update", "version", "wait"};

    /** Management commands: a group of subcommands ({@code isula volume ls}). */
    static final String[] MANAGEMENT = {"volume"};

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
            if (name.equals("volume")) {
                return volume(rest, global.host());
            }
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
            case "pause": return new PauseCommand(c);
            case "unpause": return new UnpauseCommand(c);
            case "restart": return new RestartCommand(c);
            case "rename": return new RenameCommand(c);
            case "update": return new UpdateCommand(c);
            case "version": return new VersionCommand(c, build);
            case "info": return new InfoCommand(c);
            case "pull": return new PullCommand(c);
            case "images": return new ImagesCommand(c);
            case "rmi": return new RmiCommand(c);
            case "tag": return new TagCommand(c);
            case "load": return new LoadCommand(c);
            case "import": return new ImportCommand(c);
            case "export": return new ExportCommand(c);
            case "login": return new LoginCommand(c);
            case "logout": return new LogoutCommand(c);
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
            case "pause": return PauseCommand.SPEC;
            case "unpause": return UnpauseCommand.SPEC;
            case "restart": return RestartCommand.SPEC;
            case "rename": return RenameCommand.SPEC;
            case "update": return UpdateCommand.SPEC;
            case "version": return VersionCommand.SPEC;
            case "info": return InfoCommand.SPEC;
            case "pull": return PullCommand.SPEC;
            case "images": return ImagesCommand.SPEC;
            case "rmi": return RmiCommand.SPEC;
            case "tag": return TagCommand.SPEC;
            case "load": return LoadCommand.SPEC;
            case "import": return ImportCommand.SPEC;
            case "export": return ExportCommand.SPEC;
            case "login": return LoginCommand.SPEC;
            case "logout": return LogoutCommand.SPEC;
            case "exec": return ExecCommand.SPEC;
            case "attach": return AttachCommand.SPEC;
            case "cp": return CpCommand.SPEC;
            case "top": return TopCommand.SPEC;
            case "events": return EventsCommand.SPEC;
            case "stats": return StatsCommand.SPEC;
            default: return null;
        }
    }

    /** {@code isula volume SUB ...}: the subcommand parses the words after SUB. */
    private int volume(String[] rest, String globalHost) {
        // common options may come between "volume" and the subcommand: they move behind it
        java.util.List<String> common = new java.util.ArrayList<>();
        int i = 1;
        while (i < rest.length && rest[i].startsWith("-") && !rest[i].equals("--help")) {
            String o = rest[i];
            boolean takesValue = o.equals("-H") || o.equals("--host");
            if (!takesValue && !o.startsWith("--host=") && !o.startsWith("-H") && !o.equals("-D") && !o.equals("--debug")) {
                break;
            }
            common.add(o);
            if (takesValue && i + 1 < rest.length) {
                common.add(rest[++i]);
            }
            i++;
        }
        if (i >= rest.length || rest[i].equals("--help")) {
            ctx.out().print(VolumeCommands.help());
            return ExitCodes.OK;
        }
        EngineCommand command = VolumeCommands.of(rest[i], ctx);
        if (command == null) {
            ctx.err().println("isula volume: '" + rest[i] + "' is not a isula volume command.");
            ctx.err().println("See 'isula volume --help'.");
            return ExitCodes.COMMON;
        }
        java.util.List<String> shifted = new java.util.ArrayList<>();
        shifted.add(rest[i]);
        shifted.addAll(common);
        shifted.addAll(java.util.List.of(rest).subList(i + 1, rest.length));
        return run(command, shifted.toArray(String[]::new), globalHost);
    }

    /** {@code isula} / {@code isula --help}: iSulad's usage, commands sorted, then the common options. */
    static String rootHelp() {
        StringBuilder b = new StringBuilder(1024);
        b.append("USAGE:\n\tisula <command> [args...]\n\nMANAGEMENT COMMANDS:\n");
        b.append("\tvolume      Manage volumes\n\nCOMMANDS:\n");
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
