package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import org.junit.jupiter.api.Test;

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
}
