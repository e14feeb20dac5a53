package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling; never sleeps-and-assumes. */
public final class Poll {
    private Poll() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "");
    }

    /** Polls every 50..200 ms until the condition holds; fails naming {@code what} plus {@code detail} on timeout. */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            if (condition.getAsBoolean()) return;
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what + detailText(detail));
            }
            sleep(pause);
            pause = Math.min(200, pause * 2);
        }
    }

    private static String detailText(Supplier<String> detail) {
        String d = detail.get();
        return d == null || d.isBlank() ? "" : "\n" + d;
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
