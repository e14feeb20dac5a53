package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusPhraseTest {
    @Test
    void phrasesAsDockerAndIsulaPrintThem() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertEquals("Up 5 seconds", StatusPhrase.of(ContainerStatus.RUNNING, 0, now.minusSeconds(5), Instant.EPOCH, now));
        assertEquals("Up About a minute (Paused)",
                StatusPhrase.of(ContainerStatus.PAUSED, 0, now.minusSeconds(90), Instant.EPOCH, now));
        assertEquals("Exited (3) 2 minutes ago",
                StatusPhrase.of(ContainerStatus.EXITED, 3, now.minusSeconds(500), now.minusSeconds(120), now));
        assertEquals("Created", StatusPhrase.of(ContainerStatus.INITED, 0, Instant.EPOCH, Instant.EPOCH, now));
    }

    @Test
    void humanDurations() {
        assertEquals("Less than a second", StatusPhrase.human(Duration.ofMillis(300)));
        assertEquals("1 second", StatusPhrase.human(Duration.ofSeconds(1)));
        assertEquals("59 seconds", StatusPhrase.human(Duration.ofSeconds(59)));
        assertEquals("About an hour", StatusPhrase.human(Duration.ofMinutes(61)));
        assertEquals("3 hours", StatusPhrase.human(Duration.ofHours(3)));
        assertEquals("3 days", StatusPhrase.human(Duration.ofDays(3)));
        assertEquals("3 weeks", StatusPhrase.human(Duration.ofDays(21)));
    }
}
