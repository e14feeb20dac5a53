package io.isula.cli.args;

/**
 * One row of a command's option table, as iSulad's {@code command_option_t}: a long name, an optional short
 * letter ({@code 0} for none), whether it takes a value, and whether repeating it collects every value
 * (otherwise the last one wins, as iSulad's {@code CMD_OPT_TYPE_STRING_DUP}).
 */
public final class Opt {
    public static final char NO_SHORT = 0;

    final String longName;
    final char shortName;
    final boolean takesValue;
    final boolean repeatable;
    final String description;

    private Opt(char shortName, String longName, boolean takesValue, boolean repeatable, String description) {
        this.longName = longName;
        this.shortName = shortName;
        this.takesValue = takesValue;
        this.repeatable = repeatable;
        this.description = description;
    }

    /** A boolean flag; {@code --flag=false} / {@code -f=false} set it explicitly. */
    public static Opt flag(char shortName, String longName, String description) {
        return new Opt(shortName, longName, false, false, description);
    }

    /** An option with a value; given twice, the last value wins. */
    public static Opt value(char shortName, String longName, String description) {
        return new Opt(shortName, longName, true, false, description);
    }

    /** An option with a value that may be repeated; every value is kept in order. */
    public static Opt list(char shortName, String longName, String description) {
        return new Opt(shortName, longName, true, true, description);
    }

    public String longName() { return longName; }

    public char shortName() { return shortName; }

    public boolean takesValue() { return takesValue; }

    public boolean repeatable() { return repeatable; }

    public String description() { return description; }
}
