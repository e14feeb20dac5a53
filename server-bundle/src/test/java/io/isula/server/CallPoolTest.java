package io.isula.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPoolTest {
    private final CallPool pool = new CallPool(2, 2, 30, r -> new Thread(r));

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void sequentialCallsReuseOneIdleThread() throws Exception {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                used.add(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            awaitIdle();
        }
        assertEquals(1, used.size(), used::toString);
        assertEquals(1, pool.getPoolSize());
    }

    @Test
    void busyThreadsMakeItGrowThenQueueThenRefuse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "the second call waited instead of getting a thread");
        assertEquals(2, pool.getPoolSize());
        CountDownLatch queuedRan = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            int k = i;
            pool.execute(() -> {
                synchronized (ran) {
                    ran.add(k);
                }
                queuedRan.countDown();
            });
        }
        assertEquals(2, pool.getQueue().size());
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        release.countDown();
        assertTrue(queuedRan.await(5, TimeUnit.SECONDS), "the waiting calls never ran");
        synchronized (ran) {
            assertEquals(Set.of(0, 1), Set.copyOf(ran));
        }
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
