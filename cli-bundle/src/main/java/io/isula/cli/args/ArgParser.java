package io.isula.cli.args;

/**
 * iSulad's {@code command_parser.c} rules over a {@link CommandSpec}:
 * <ul>
 * <li>options come first; the first non-option argument ends them (so {@code run IMAGE -x} passes {@code -x}
 *     to the container), as does {@code --} (which is dropped); a lone {@code -} is an argument;</li>
 * <li>short flags cluster ({@code -tid}); a short option with a value takes the rest of its word
 *     ({@code -m10m}, {@code -m=10m}) or else the next word ({@code -m 10m}, {@code -tin web});</li>
 * <li>long options take {@code --opt value} or {@code --opt=value}; a boolean accepts {@code --rm=false};</li>
 * <li>an unknown flag, a missing value or a bad boolean is a {@link UsageException} (exit 125);</li>
 * <li>{@code --help} among the options asks for help; so it does anywhere in a command whose arguments are
 *     not a container's command line.</li>
 * </ul>
 */
public final class ArgParser {
    private ArgParser() {
    }

    public static ParsedArgs parse(CommandSpec spec, String[] args, int from) {
        ParsedArgs out = new ParsedArgs(spec);
        int i = from;
        while (i < args.length) {
            String a = args[i];
            if (a.length() < 2 || a.charAt(0) != '-') {
                break;
            }
            if (a.charAt(1) != '-') {
                i = shortCluster(spec, out, args, i);
                continue;
            }
            if (a.length() == 2) {
                i++;
                break;
            }
            i = longOption(spec, out, args, i);
        }
        for (; i < args.length; i++) {
            String a = args[i];
            if (!spec.trailingCommand && a.equals("--help")) {
                out.help = true;
            }
            out.positional(a);
        }
        if (!out.help) {
            checkCount(spec, out);
        }
        return out;
    }

    /** {@code -abc}, {@code -nNAME}, {@code -n=NAME}, {@code -n NAME}: returns the index of the next word. */
    private static int shortCluster(CommandSpec spec, ParsedArgs out, String[] args, int i) {
        String a = args[i];
        int p = 1;
        while (p < a.length()) {
            char c = a.charAt(p);
            Opt o = spec.byShort(c);
            if (o == null) {
                throw new UsageException("Unknown flag found:'-" + c + "'" + (a.length() > 2 ? " in " + a : ""));
            }
            p++;
            String attached = null;
            if (p < a.length()) {
                if (a.charAt(p) == '=') {
                    attached = a.substring(p + 1);
                } else if (o.takesValue) {
                    attached = a.substring(p);
                }
            }
            if (o.takesValue) {
                if (attached == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("Flag needs an argument: -" + c + ", --" + o.longName);
                    }
                    out.put(o, args[++i]);
                } else {
                    out.put(o, attached);
                }
                return i + 1;
            }
            if (attached != null) {
                out.flag(o, bool(attached, o));
                return i + 1;
            }
            set(out, o);
        }
        return i + 1;
    }

    private static int longOption(CommandSpec spec, ParsedArgs out, String[] args, int i) {
        String a = args[i];
        int eq = a.indexOf('=');
        String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
        Opt o = spec.byLong(name);
        if (o == null) {
            throw new UsageException("Unknown flag found:'--" + name + "'");
        }
        if (o.takesValue) {
            if (eq >= 0) {
                out.put(o, a.substring(eq + 1));
                return i + 1;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("Flag needs an argument: --" + o.longName);
            }
            out.put(o, args[i + 1]);
            return i + 2;
        }
        if (eq >= 0) {
            out.flag(o, bool(a.substring(eq + 1), o));
        } else {
            set(out, o);
        }
        return i + 1;
    }

    private static void set(ParsedArgs out, Opt o) {
        out.flag(o, true);
        if (o == CommandSpec.HELP) {
            out.help = true;
        }
    }

    /** iSulad's {@code util_str_to_bool}. */
    private static boolean bool(String v, Opt o) {
        switch (v) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True":
                return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False":
                return false;
            default:
                throw new UsageException("Invalid boolean value \"" + v + "\" for flag --" + o.longName);
        }
    }

    private static void checkCount(CommandSpec spec, ParsedArgs out) {
        int n = out.positionals().size();
        if (n < spec.minArgs) {
            throw new UsageException("\"" + spec.name + "\" requires a minimum of " + spec.minArgs + " argument"
                    + (spec.minArgs == 1 ? "" : "s") + " (" + spec.argLabel + ")");
        }
        if (spec.maxArgs >= 0 && n > spec.maxArgs) {
            throw new UsageException(spec.maxArgs == 0
                    ? "\"" + spec.name + "\" accepts no arguments, got '" + out.positional(0) + "'"
                    : "\"" + spec.name + "\" requires at most " + spec.maxArgs + " argument"
                    + (spec.maxArgs == 1 ? "" : "s") + ", got '" + out.positional(spec.maxArgs) + "'");
        }
    }
}
