package io.isula.core.internal.prune;

import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruneFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void untilAndEveryLabelAndNoExcludedLabel() {
        PruneFilter f = PruneFilter.of(Map.of("until", List.of("1h"), "label", List.of("app", "tier=db"),
                "label!", List.of("keep")), NOW, Set.of());
        Instant old = NOW.minusSeconds(7200);
        assertTrue(f.matches(old, Map.of("app", "x", "tier", "db")));
        assertFalse(f.matches(NOW.minusSeconds(60), Map.of("app", "x", "tier", "db")), "too young");
        assertFalse(f.matches(old, Map.of("app", "x")), "every label must hold");
        assertFalse(f.matches(old, Map.of("app", "x", "tier", "db", "keep", "")), "an excluded label");
        assertTrue(PruneFilter.of(Map.of(), NOW, Set.of()).matches(NOW, Map.of()), "no filter: everything");
    }

    @Test
    void unknownKeysAndBadTimesAreRefused() {
        EngineException key = assertThrows(EngineException.class,
                () -> PruneFilter.of(Map.of("dangling", List.of("true")), NOW, Set.of()));
        assertEquals("Invalid filter 'dangling'", key.getMessage());
        PruneFilter.of(Map.of("dangling", List.of("true")), NOW, Set.of("dangling"));
        EngineException time = assertThrows(EngineException.class,
                () -> PruneFilter.of(Map.of("until", List.of("later")), NOW, Set.of()));
        assertTrue(time.getMessage().startsWith("invalid filter 'until=later'"), time.getMessage());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, assertThrows(EngineException.class,
                () -> PruneFilter.of(Map.of("until", List.of("1h", "2h")), NOW, Set.of())).kind());
    }

    @Test
    void flagsAreBooleansGivenOnce() {
        assertTrue(PruneFilter.flag(Map.of(), "all", true), "absent: the default");
        assertFalse(PruneFilter.flag(Map.of("all", List.of("0")), "all", true));
        assertTrue(PruneFilter.flag(Map.of("all", List.of("true")), "all", false));
        assertEquals("invalid filter 'all=yes'", assertThrows(EngineException.class,
                () -> PruneFilter.flag(Map.of("all", List.of("yes")), "all", false)).getMessage());
        assertEquals("more than one all filter specified", assertThrows(EngineException.class,
                () -> PruneFilter.flag(Map.of("all", List.of("1", "0")), "all", false)).getMessage());
    }
}
