package io.isula.core.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressPaceTest {
    @Test
    void aReportIsDueEvery100MillisecondsAtMost() throws InterruptedException {
        ProgressPace pace = new ProgressPace();
        assertFalse(pace.due(), "not at once");
        Thread.sleep(110);
        assertTrue(pace.due());
        assertFalse(pace.due(), "not twice in a row");
        Thread.sleep(110);
        assertTrue(pace.due());
    }
}
