package io.isula.server;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded pool that runs blocking engine calls off the event loop; idle threads go away after 30 s. */
final class WorkerPool {
    // engine calls are shallow; a small stack keeps many parked streams cheap in resident memory
    private static final long STACK_BYTES = 512 * 1024;

    private WorkerPool() {
    }

    /**
     * A thread per request in flight, reusing idle ones, at most {@code maxThreads}; past that new requests are
     * refused (503) rather than queued, because a queue could sit behind long waits and log streams forever.
     */
    static ThreadPoolExecutor create(int maxThreads) {
        return new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("isulad-api-worker-"), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Threads for the input of hijacked connections: one task at a time per connection, short (a write to a process's
     * stdin), never refused; idle threads go away after 30 s.
     */
    static ThreadPoolExecutor streamInput() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("isulad-api-stdin-"));
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
