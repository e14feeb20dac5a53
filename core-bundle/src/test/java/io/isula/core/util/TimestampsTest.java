package io.isula.core.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void unixSecondsWithOrWithoutAFraction() {
        assertEquals(Instant.ofEpochSecond(1700000000), Timestamps.parse("1700000000", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), Timestamps.parse("1700000000.5", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000, 123_456_789), Timestamps.parse(" 1700000000.123456789 ", NOW));
    }

    @Test
    void goDurationsCountBackFromNow() {
        assertEquals(NOW.minus(Duration.ofMinutes(10)), Timestamps.parse("10m", NOW));
        assertEquals(NOW.minus(Duration.ofMinutes(90)), Timestamps.parse("1h30m", NOW));
        assertEquals(NOW.minus(Duration.ofMillis(1500)), Timestamps.parse("1.5s", NOW));
        assertEquals(NOW.minus(Duration.ofNanos(2_003)), Timestamps.parse("2us3ns", NOW));
    }

    @Test
    void datesAndTimesWithAndWithoutAZone() {
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), Timestamps.parse("2026-01-02T03:04:05Z", NOW));
        assertEquals(Instant.parse("2026-01-02T01:04:05Z"), Timestamps.parse("2026-01-02T03:04:05+02:00", NOW));
        assertEquals(LocalDateTime.parse("2026-01-02T03:04:05").atZone(ZoneId.systemDefault()).toInstant(),
                Timestamps.parse("2026-01-02T03:04:05", NOW), "no zone: the host's");
        assertEquals(LocalDateTime.parse("2026-01-02T00:00").atZone(ZoneId.systemDefault()).toInstant(),
                Timestamps.parse("2026-01-02", NOW));
    }

    @Test
    void anythingElseIsNamedInTheError() {
        for (String bad : new String[] {"soon", "10x", "1.5ns", "2026-13-40", "-5m", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(bad, NOW), bad);
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }
}
