package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;

import java.time.Duration;
import java.time.Instant;

/** The human STATUS column of {@code ps}: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
public final class StatusPhrase {
    private StatusPhrase() {
    }

    public static String of(ContainerStatus status, int exitCode, Instant startedAt, Instant finishedAt, Instant now) {
        return switch (status) {
            case RUNNING -> "Up " + human(Duration.between(startedAt, now));
            case PAUSED -> "Up " + human(Duration.between(startedAt, now)) + " (Paused)";
            case STARTING -> "Starting " + human(Duration.between(startedAt.equals(Instant.EPOCH) ? now : startedAt, now));
            case RESTARTING -> "Restarting (" + exitCode + ") " + human(Duration.between(finishedAt, now)) + " ago";
            case EXITED -> "Exited (" + exitCode + ") " + human(Duration.between(finishedAt, now)) + " ago";
            case INITED -> "Created";
            case UNKNOWN -> "Unknown";
        };
    }

    /** Docker's HumanDuration. */
    public static String human(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(seconds / 3600.0);
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
}
