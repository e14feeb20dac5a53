package io.isula.core.util;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorTest {
    @Test
    void aKeyOrAKeyAndItsValue() {
        Map<String, String> labels = Map.of("app", "web", "empty", "");
        assertTrue(LabelSelector.matches(labels, "app"));
        assertTrue(LabelSelector.matches(labels, "app=web"));
        assertFalse(LabelSelector.matches(labels, "app=db"));
        assertTrue(LabelSelector.matches(labels, "empty="));
        assertFalse(LabelSelector.matches(labels, "tier"));
        assertFalse(LabelSelector.matches(null, "app"));
        assertTrue(LabelSelector.matches(Map.of("a", "b=c"), "a=b=c"), "the value may hold '='");
    }
}
