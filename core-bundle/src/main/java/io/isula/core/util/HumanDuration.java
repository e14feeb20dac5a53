package io.isula.core.util;

import java.time.Duration;

/** Docker's {@code units.HumanDuration}: "Less than a second", "2 seconds", "About a minute", "3 hours"… */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String of(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.getSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }

    /** "2 seconds ago"; a time in the future counts as now. */
    public static String ago(Duration d) {
        return of(d.isNegative() ? Duration.ZERO : d) + " ago";
    }
}
