package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import io.isula.core.util.HumanDuration;

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

    private static String human(Duration d) {
        return HumanDuration.of(d.isNegative() ? Duration.ZERO : d);
    }
}
