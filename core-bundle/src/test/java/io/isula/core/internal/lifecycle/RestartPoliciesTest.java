package io.isula.core.internal.lifecycle;

import io.isula.core.api.HostConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartPoliciesTest {
    private static HostConfig.RestartPolicy p(String name, int max) {
        return new HostConfig.RestartPolicy(name, max);
    }

    @Test
    void whoRestarts() {
        assertTrue(RestartPolicies.shouldRestart(p("always", 0), 0, 0, false));
        assertTrue(RestartPolicies.shouldRestart(p("unless-stopped", 0), 3, 1, false));
        assertFalse(RestartPolicies.shouldRestart(p("always", 0), 0, 0, true), "stopped by the user");
        assertFalse(RestartPolicies.shouldRestart(p("no", 0), 1, 1, false));
        assertFalse(RestartPolicies.shouldRestart(null, 1, 1, false));
        assertFalse(RestartPolicies.shouldRestart(p("on-failure", 3), 0, 0, false), "success is not a failure");
        assertTrue(RestartPolicies.shouldRestart(p("on-failure", 3), 1, 3, false));
        assertFalse(RestartPolicies.shouldRestart(p("on-failure", 3), 1, 4, false));
        assertTrue(RestartPolicies.shouldRestart(p("on-failure", 0), 1, 1000, false), "0: no limit");
        assertTrue(RestartPolicies.shouldRestart(p("on-reboot", 0), 129, 1, false));
        assertFalse(RestartPolicies.shouldRestart(p("on-reboot", 0), 1, 1, false));
        assertTrue(RestartPolicies.restartsWithDaemon(p("unless-stopped", 0), false));
        assertFalse(RestartPolicies.restartsWithDaemon(p("on-failure", 1), false));
        assertFalse(RestartPolicies.restartsWithDaemon(p("always", 0), true));
    }

    @Test
    void delaysDoubleUpToAMinuteAndStartOverAfterALongRun() {
        Duration shortRun = Duration.ofMillis(50);
        assertEquals(100, RestartPolicies.nextDelay(0, shortRun));
        assertEquals(200, RestartPolicies.nextDelay(100, shortRun));
        assertEquals(400, RestartPolicies.nextDelay(200, shortRun));
        assertEquals(60_000, RestartPolicies.nextDelay(40_000, shortRun));
        assertEquals(60_000, RestartPolicies.nextDelay(60_000, shortRun));
        assertEquals(100, RestartPolicies.nextDelay(6_400, Duration.ofSeconds(10)));
    }

    @Test
    void timersReplaceAndCancel() throws InterruptedException {
        try (Timers timers = new Timers("test-timer")) {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            timers.schedule("c", 10_000, runs::incrementAndGet);
            timers.schedule("c", 10, () -> {
                runs.addAndGet(10);
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(10, runs.get(), "the first task was replaced");
            timers.schedule("d", 10_000, runs::incrementAndGet);
            assertTrue(timers.pending("d"));
            assertTrue(timers.cancel("d"));
            assertFalse(timers.pending("d"));
        }
    }
}
