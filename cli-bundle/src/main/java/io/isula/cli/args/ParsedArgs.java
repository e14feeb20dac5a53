package io.isula.cli.args;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** What the parser found: option values by long name, then the positional arguments in order. */
public final class ParsedArgs {
    private final CommandSpec spec;
    private final HashMap<String, Object> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();
    boolean help;

    ParsedArgs(CommandSpec spec) { this.spec = spec; }

    @SuppressWarnings("unchecked")
    void put(Opt o, String value) {
        if (o.repeatable) {
            Object old = values.get(o.longName);
            List<String> l;
            if (old == null) {
                l = new ArrayList<>();
                values.put(o.longName, l);
            } else {
                l = (List<String>) old;
            }
            l.add(value);
        } else {
            values.put(o.longName, value);
        }
    }

    void flag(Opt o, boolean on) { values.put(o.longName, on ? Boolean.TRUE : Boolean.FALSE); }

    void positional(String arg) { positionals.add(arg); }

    public CommandSpec spec() { return spec; }

    /** True when {@code --help} was given: the caller prints {@link CommandSpec#help()} and exits 0. */
    public boolean help() { return help; }

    public boolean flag(String longName) { return values.get(longName) == Boolean.TRUE; }

    /** The (last) value of a single-valued option, or null when absent. */
    public String value(String longName) {
        Object v = values.get(longName);
        return v instanceof String s ? s : null;
    }

    /** The value as an int, {@code dflt} when absent; a non-number is iSulad's "Invalid value" (exit 125). */
    public int intValue(String longName, int dflt) {
        String v = value(longName);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value \"" + v + "\" for flag --" + longName);
        }
    }

    /** Every value of a repeatable option in order; empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> values(String longName) {
        Object v = values.get(longName);
        return v instanceof List ? (List<String>) v : new ArrayList<>();
    }

    public List<String> positionals() { return positionals; }

    public String positional(int i) { return i < positionals.size() ? positionals.get(i) : null; }
}
