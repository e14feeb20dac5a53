package io.isula.runtime.kata.loop;

import io.isula.core.util.conmon.Libc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollLoopTest {
    /** A pipe whose read end the loop watches; the watcher collects what it reads and closes its end when released. */
    private static final class PipeWatcher implements PollLoop.Watcher {
        final int readFd;
        final int writeFd;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CountDownLatch ended = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger releases = new AtomicInteger();
        final List<Thread> readers = new ArrayList<>();

        PipeWatcher() {
            int[] p = new int[2];
            assertEquals(0, Libc.C.pipe2(p, Libc.O_NONBLOCK | Libc.O_CLOEXEC));
            readFd = p[0];
            writeFd = p[1];
        }

        @Override
        public boolean ready(int fd, byte[] buffer) {
            synchronized (readers) {
                readers.add(Thread.currentThread());
            }
            long n = Libc.C.read(fd, buffer, buffer.length);
            if (n > 0) {
                synchronized (got) {
                    got.write(buffer, 0, (int) n);
                }
                return true;
            }
            if (n == 0) {
                ended.countDown();
                return false;
            }
            return true;
        }

        @Override
        public void released() {
            releases.incrementAndGet();
            Libc.C.close(readFd);
            released.countDown();
        }

        void write(String s) {
            byte[] b = s.getBytes();
            assertEquals(b.length, Libc.C.write(writeFd, b, b.length));
        }

        String text() {
            synchronized (got) {
                return got.toString();
            }
        }
    }

    @Test
    void oneThreadReadsManyDescriptorsToTheirEnd() throws Exception {
        try (PollLoop loop = new PollLoop("test-loop")) {
            List<PipeWatcher> pipes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                PipeWatcher p = new PipeWatcher();
                pipes.add(p);
                loop.add(p.readFd, p);
            }
            for (int i = 0; i < pipes.size(); i++) {
                pipes.get(i).write("hello " + i);
                Libc.C.close(pipes.get(i).writeFd);
            }
            for (int i = 0; i < pipes.size(); i++) {
                PipeWatcher p = pipes.get(i);
                assertTrue(p.ended.await(5, TimeUnit.SECONDS), "pipe " + i + " read to its end");
                assertTrue(p.released.await(5, TimeUnit.SECONDS), "pipe " + i + " released when done");
                assertEquals("hello " + i, p.text());
                assertEquals(1, p.releases.get());
            }
            long threads = pipes.stream().flatMap(p -> p.readers.stream()).distinct().count();
            assertEquals(1, threads, "every descriptor is read on the one loop thread");
        }
    }

    @Test
    void cancellingReleasesOnceAndStoppingReleasesTheRest() throws Exception {
        PipeWatcher cancelled = new PipeWatcher();
        PipeWatcher left = new PipeWatcher();
        PollLoop loop = new PollLoop("test-loop");
        try {
            PollLoop.Registration r = loop.add(cancelled.readFd, cancelled);
            loop.add(left.readFd, left);
            r.cancel();
            r.cancel();
            assertTrue(cancelled.released.await(5, TimeUnit.SECONDS));
            left.write("still read");
            awaitText(left, "still read");
        } finally {
            loop.close();
        }
        assertTrue(left.released.await(5, TimeUnit.SECONDS), "stopping the loop releases what it watched");
        assertEquals(1, cancelled.releases.get());
        assertEquals(1, left.releases.get());

        PipeWatcher late = new PipeWatcher();
        loop.add(late.readFd, late);
        assertTrue(late.released.await(1, TimeUnit.SECONDS), "a descriptor added after the stop is released at once");
        for (PipeWatcher p : List.of(cancelled, left, late)) {
            Libc.C.close(p.writeFd);
        }
    }

    private static void awaitText(PipeWatcher p, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.text().equals(text) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(text, p.text());
    }
}
