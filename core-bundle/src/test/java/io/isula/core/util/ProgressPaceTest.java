package io.isula.core.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressPaceTest {
    private static final long INTERVAL_NANOS = 100_000_000;

    @Test
    void aReportIsDueEvery100MillisecondsAtMost() throws InterruptedException {
        long start = System.nanoTime();
        ProgressPace pace = new ProgressPace();
        boolean dueAtOnce = pace.due();
        if (System.nanoTime() - start < INTERVAL_NANOS) { // a stalled test thread proves nothing either way
            assertFalse(dueAtOnce, "not at once");
        }
        for (int i = 0; i < 2; i++) {
            Thread.sleep(110);
            assertTrue(pace.due());
            long reported = System.nanoTime();
            boolean dueAgain = pace.due();
            if (System.nanoTime() - reported < INTERVAL_NANOS) {
                assertFalse(dueAgain, "not twice within 100 ms");
            }
        }
    }
}
