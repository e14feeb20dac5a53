package io.isula.runtime.kata;

import io.isula.runtime.kata.loop.PollLoop;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the shim runtime has, however many containers run: the poll loop that reads all FIFOs and ttrpc
 * sockets, and a few workers for what may block (an exit report, a shim's delete action, an events request). Workers
 * exist only while there is work (they end after 30 s idle).
 */
record ShimThreads(PollLoop loop, ExecutorService workers) implements AutoCloseable {
    private static final int WORKERS = 4;

    static ShimThreads start() throws IOException {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "shim-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        return new ShimThreads(new PollLoop("shim-io"), workers);
    }

    @Override
    public void close() {
        loop.close();
        workers.shutdown();
    }
}
