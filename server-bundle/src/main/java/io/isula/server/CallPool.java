package io.isula.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs short calls: an idle thread if there is one, else a new thread up to {@code maxThreads}, else the call waits
 * its turn; only past {@code maxWaiting} waiting calls is one refused. A plain {@link ThreadPoolExecutor} either
 * queues before it grows or never queues at all; this one grows first, by telling the pool the queue is full while
 * every thread is busy and more may be started.
 */
final class CallPool extends ThreadPoolExecutor {
    private final AtomicInteger unfinished = new AtomicInteger();

    CallPool(int maxThreads, int maxWaiting, long idleSeconds, ThreadFactory threads) {
        super(0, maxThreads, idleSeconds, TimeUnit.SECONDS, new GrowFirstQueue(maxWaiting), threads, new AbortPolicy());
        ((GrowFirstQueue) getQueue()).pool = this;
    }

    @Override
    public void execute(Runnable call) {
        unfinished.incrementAndGet();
        try {
            super.execute(call);
        } catch (RejectedExecutionException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable call, Throwable failure) {
        unfinished.decrementAndGet();
    }

    private boolean hasIdleThread() {
        return unfinished.get() <= getPoolSize();
    }

    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private CallPool pool;

        GrowFirstQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable call) {
            if (!pool.hasIdleThread() && pool.getPoolSize() < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(call);
        }
    }
}
