package io.isula.cli;

import java.util.Arrays;

/**
 * The common options that may come before the command name ({@code isula -H unix:///x.sock ps}); they are
 * taken off here so that the command line proper starts with the command.
 */
public record GlobalArgs(String host, boolean debug, String[] rest) {

    public static GlobalArgs leading(String[] args) {
        String host = null;
        boolean debug = false;
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("-D") || a.equals("--debug")) {
                debug = true;
                i++;
            } else if ((a.equals("-H") || a.equals("--host")) && i + 1 < args.length) {
                host = args[i + 1];
                i += 2;
            } else if (a.startsWith("--host=")) {
                host = a.substring("--host=".length());
                i++;
            } else if (a.startsWith("-H") && a.length() > 2) {
                host = a.charAt(2) == '=' ? a.substring(3) : a.substring(2);
                i++;
            } else {
                break;
            }
        }
        return new GlobalArgs(host, debug, Arrays.copyOfRange(args, i, args.length));
    }
}
