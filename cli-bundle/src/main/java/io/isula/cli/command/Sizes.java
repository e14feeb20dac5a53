package io.isula.cli.command;

import java.util.Locale;

/** Sizes for people, in decimal units as iSulad and Docker print them ({@code 4.261 MB}). */
final class Sizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.3f %s", value, UNITS[unit]);
    }
}
