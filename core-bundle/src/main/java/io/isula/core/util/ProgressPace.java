package io.isula.core.util;

/**
 * The pace of progress reports for one item (a layer being downloaded or loaded), as Docker's: at most one every
 * 100 ms, the first 100 ms after the pace starts. Not thread-safe: one reporter per item.
 */
public final class ProgressPace {
    private static final long INTERVAL_NANOS = 100_000_000;

    private long last = System.nanoTime();

    /** Whether a report is due now; when it is, the next one is due 100 ms later. */
    public boolean due() {
        long now = System.nanoTime();
        if (now - last < INTERVAL_NANOS) {
            return false;
        }
        last = now;
        return true;
    }
}
