package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.format.TabWriter;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.Volume;

import java.util.List;

/** {@code isula volume ls|rm|prune}: iSulad's volume management commands (local volumes only). */
public final class VolumeCommands {
    public static final String[] SUBCOMMANDS = {"ls", "prune", "rm"};

    private VolumeCommands() {
    }

    /** The command for {@code volume SUB}, or null. */
    public static EngineCommand of(String sub, CliContext ctx) {
        return switch (sub) {
            case "ls" -> new Ls(ctx);
            case "rm" -> new Rm(ctx);
            case "prune" -> new Prune(ctx);
            default -> null;
        };
    }

    public static CommandSpec spec(String sub) {
        return switch (sub) {
            case "ls" -> Ls.SPEC;
            case "rm" -> Rm.SPEC;
            case "prune" -> Prune.SPEC;
            default -> null;
        };
    }

    /** {@code isula volume} alone: the subcommands. */
    public static String help() {
        StringBuilder b = new StringBuilder("\nUsage:  isula volume COMMAND\n\nManage volumes\n\nCommands:\n");
        for (String s : SUBCOMMANDS) {
            b.append("  ").append(s).append(" ".repeat(10 - s.length())).append(spec(s).description()).append('\n');
        }
        return b.append("\nRun 'isula volume COMMAND --help' for more information on a command.\n\n").toString();
    }

    /** {@code volume ls [-q]}: DRIVER and VOLUME NAME columns, or names only. */
    static final class Ls extends EngineCommand {
        static final CommandSpec SPEC = CommandSpec.of("volume ls", "[OPTIONS]", "List volumes", 0, 0, "",
                Opt.flag('q', "quiet", "Only display volume names"));
        boolean quiet;

        Ls(CliContext ctx) { super(ctx); }

        @Override
        public CommandSpec spec() { return SPEC; }

        @Override
        protected void configure(ParsedArgs args) { quiet = args.flag("quiet"); }

        @Override
        public int call() {
            List<Volume> volumes = engine().volumes();
            if (quiet) {
                volumes.forEach(v -> out().println(v.name()));
                return ExitCodes.OK;
            }
            TabWriter t = new TabWriter().line("DRIVER\tVOLUME NAME");
            volumes.forEach(v -> t.line(v.driver() + "\t" + v.name()));
            out().print(t.render());
            return ExitCodes.OK;
        }
    }

    /** {@code volume rm VOLUME...}: prints each name removed. */
    static final class Rm extends EngineCommand {
        static final CommandSpec SPEC = CommandSpec.of("volume rm", "[OPTIONS] VOLUME [VOLUME...]",
                "Remove one or more volumes", 1, -1, "VOLUME");
        List<String> names;

        Rm(CliContext ctx) { super(ctx); }

        @Override
        public CommandSpec spec() { return SPEC; }

        @Override
        protected void configure(ParsedArgs args) { names = args.positionals(); }

        @Override
        protected void apply(ContainerEngine engine, String name) { engine.removeVolume(name); }

        @Override
        public int call() { return forEach(names); }
    }

    /** {@code volume prune [-f]}: removes every unused volume and prints their names. */
    static final class Prune extends EngineCommand {
        static final CommandSpec SPEC = CommandSpec.of("volume prune", "[OPTIONS]", "Remove all unused local volumes",
                0, 0, "", Opt.flag('f', "force", "Do not prompt for confirmation"));
        boolean force;

        Prune(CliContext ctx) { super(ctx); }

        @Override
        public CommandSpec spec() { return SPEC; }

        @Override
        protected void configure(ParsedArgs args) { force = args.flag("force"); }

        @Override
        public int call() {
            if (!force && !confirmed()) {
                return ExitCodes.OK;
            }
            List<String> removed = engine().pruneVolumes();
            if (!removed.isEmpty()) {
                out().println("Deleted Volumes:");
                removed.forEach(out()::println);
            }
            return ExitCodes.OK;
        }

        /** iSulad asks before pruning; without an answer on stdin nothing is removed. */
        private boolean confirmed() {
            out().print("WARNING! This will remove all local volumes not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] ");
            out().flush();
            try {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = System.in.read()) >= 0 && c != '\n') {
                    line.append((char) c);
                }
                String a = line.toString().trim();
                return a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes");
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}
