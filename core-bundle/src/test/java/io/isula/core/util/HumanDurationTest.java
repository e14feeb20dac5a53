package io.isula.core.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HumanDurationTest {
    @Test
    void dockersWording() {
        assertEquals("Less than a second", HumanDuration.of(Duration.ofMillis(300)));
        assertEquals("1 second", HumanDuration.of(Duration.ofSeconds(1)));
        assertEquals("59 seconds", HumanDuration.of(Duration.ofSeconds(59)));
        assertEquals("About a minute", HumanDuration.of(Duration.ofSeconds(61)));
        assertEquals("About an hour", HumanDuration.of(Duration.ofMinutes(61)));
        assertEquals("3 hours", HumanDuration.of(Duration.ofHours(3)));
        assertEquals("3 days", HumanDuration.of(Duration.ofDays(3)));
        assertEquals("3 weeks", HumanDuration.of(Duration.ofDays(21)));
        assertEquals("2 years", HumanDuration.of(Duration.ofDays(800)));
        assertEquals("Less than a second ago", HumanDuration.ago(Duration.ofSeconds(-5)));
    }
}
