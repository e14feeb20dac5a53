package io.isula.server;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The pools that run blocking engine calls off the event loop; idle threads go away after 30 s. */
final class WorkerPool {
    // engine calls are shallow; a small stack keeps many parked streams cheap in resident memory
    private static final long STACK_BYTES = 512 * 1024;
    private static final long IDLE_SECONDS = 30;

    private WorkerPool() {
    }

    /**
     * Short calls: at most {@code maxThreads} at once, the rest wait their turn in arrival order; only past
     * {@code maxWaiting} waiting calls are new ones refused (503). Lasting routes run elsewhere, so a wait here is
     * never behind a log stream.
     */
    static ThreadPoolExecutor calls(int maxThreads, int maxWaiting) {
        return new CallPool(maxThreads, maxWaiting, IDLE_SECONDS, threads("isulad-api-worker-"));
    }

    /** Routes that last as long as their client (logs -f, wait, events, pull): a thread each, never refused. */
    static ThreadPoolExecutor lasting() {
        return unbounded("isulad-api-long-");
    }

    /**
     * Threads for the input of hijacked connections: one task at a time per connection, short (a write to a process's
     * stdin), never refused.
     */
    static ThreadPoolExecutor streamInput() {
        return unbounded("isulad-api-stdin-");
    }

    private static ThreadPoolExecutor unbounded(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads(prefix));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
