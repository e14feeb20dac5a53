package io.isula.cli.args;

/**
 * A subcommand's table: its name, usage line and description (for {@code --help}), its options (the common
 * {@code -H}/{@code -D}/{@code --help} are added here), and how many positional arguments it takes.
 * {@code trailingCommand}: everything after the first positional argument is a container's command line
 * (create, run), so nothing there is read as an option, not even {@code --help}.
 */
public final class CommandSpec {
    /** Common options of every iSulad subcommand; help is {@code --help} only ({@code -h} is create's hostname). */
    public static final Opt HOST = Opt.value('H', "host", "Daemon socket(s) to connect to");
    public static final Opt DEBUG = Opt.flag('D', "debug", "Enable debug mode");
    public static final Opt HELP = Opt.flag(Opt.NO_SHORT, "help", "Print usage");

    final String name;
    final String usage;
    final String description;
    final Opt[] options;
    final int minArgs;
    final int maxArgs;
    final String argLabel;
    final boolean trailingCommand;

    private CommandSpec(String name, String usage, String description, Opt[] own, int minArgs, int maxArgs,
                        String argLabel, boolean trailingCommand) {
        this.name = name;
        this.usage = usage;
        this.description = description;
        Opt[] all = new Opt[own.length + 3];
        System.arraycopy(own, 0, all, 0, own.length);
        all[own.length] = HOST;
        all[own.length + 1] = DEBUG;
        all[own.length + 2] = HELP;
        this.options = all;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.argLabel = argLabel;
        this.trailingCommand = trailingCommand;
    }

    /**
     * {@code maxArgs} &lt; 0: no upper bound. {@code argLabel} names the positional argument in messages
     * ({@code CONTAINER}, {@code IMAGE}).
     */
    public static CommandSpec of(String name, String usage, String description, int minArgs, int maxArgs,
                                 String argLabel, Opt... options) {
        return new CommandSpec(name, usage, description, options, minArgs, maxArgs, argLabel, false);
    }

    /** A command whose arguments after the first are a container's command ({@code IMAGE [COMMAND] [ARG...]}). */
    public static CommandSpec withCommand(String name, String usage, String description, Opt... options) {
        return new CommandSpec(name, usage, description, options, 1, -1, "IMAGE", true);
    }

    /**
     * A command whose arguments after the first ({@code argLabel}, e.g. CONTAINER) are a command line, with at least
     * {@code minArgs} positional arguments in all ({@code exec}: the container and the command).
     */
    public static CommandSpec withCommand(String name, String usage, String description, String argLabel, int minArgs,
                                          Opt... options) {
        return new CommandSpec(name, usage, description, options, minArgs, -1, argLabel, true);
    }

    public String name() { return name; }

    public String usage() { return usage; }

    public String description() { return description; }

    public boolean trailingCommand() { return trailingCommand; }

    Opt byLong(String longName) {
        for (Opt o : options) {
            if (o.longName.equals(longName)) {
                return o;
            }
        }
        return null;
    }

    Opt byShort(char c) {
        for (Opt o : options) {
            if (o.shortName == c && c != Opt.NO_SHORT) {
                return o;
            }
        }
        return null;
    }

    /** The options in iSulad's help order (sorted by long name). */
    Opt[] sortedOptions() {
        Opt[] sorted = options.clone();
        for (int i = 1; i < sorted.length; i++) {
            Opt o = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j].longName.compareTo(o.longName) > 0) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = o;
        }
        return sorted;
    }

    /**
     * iSulad's {@code command_help}: usage, description, then one line per option,
     * {@code "  -s, --large"} or {@code "      --large"}, descriptions aligned four columns after the longest.
     */
    public String help() {
        StringBuilder b = new StringBuilder(1024);
        b.append("\nUsage:  isula ").append(name).append(' ').append(usage).append("\n\n");
        b.append(description).append("\n\n");
        Opt[] sorted = sortedOptions();
        int width = 0;
        for (Opt o : sorted) {
            width = Math.max(width, o.longName.length());
        }
        for (Opt o : sorted) {
            b.append("  ");
            if (o.shortName != Opt.NO_SHORT) {
                b.append('-').append(o.shortName).append(", --");
            } else {
                b.append("    --");
            }
            b.append(o.longName);
            for (int i = o.longName.length(); i < width + 4; i++) {
                b.append(' ');
            }
            b.append(o.description).append('\n');
        }
        return b.append('\n').toString();
    }
}
