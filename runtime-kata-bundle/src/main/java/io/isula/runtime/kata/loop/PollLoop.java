package io.isula.runtime.kata.loop;

import com.sun.jna.Native;
import io.isula.core.util.conmon.Libc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread that polls every descriptor the shim runtime reads (the shims' FIFOs and ttrpc sockets) and calls its
 * {@link Watcher} when there is something to read, however many containers there are. Descriptors are added and
 * removed from any thread through a queue and a wake-up pipe. The loop never closes a watched descriptor: it calls
 * {@link Watcher#released} once it has stopped watching it, and the owner closes it there, so a descriptor number is
 * never closed while it is still polled (and never polled after it was reused). Watchers run on the loop thread and
 * must not block: a blocking call there would stall every container.
 */
public final class PollLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollLoop.class.getName());
    private static final int READY = Libc.POLLIN | Libc.POLLHUP | Libc.POLLERR;
    /** One buffer for every read on the loop: nothing per container. */
    private static final int BUFFER = 64 * 1024;

    /** Reads a watched descriptor. */
    public interface Watcher {
        /**
         * The descriptor is readable, at its end or failed: read once (without blocking) into {@code buffer}, which
         * is only valid during the call. Returns false when the descriptor is done (the loop then releases it).
         */
        boolean ready(int fd, byte[] buffer);

        /** The loop no longer watches the descriptor (done, removed, or the loop stopped); called once. */
        void released();
    }

    /** A descriptor being watched; {@link #cancel} stops watching it. */
    public final class Registration {
        private final int fd;
        private final Watcher watcher;

        private final AtomicBoolean released = new AtomicBoolean();

        private Registration(int fd, Watcher watcher) {
            this.fd = fd;
            this.watcher = watcher;
        }

        /** Stops watching; once the loop ended everything was released already. */
        public void cancel() {
            execute(() -> drop(this));
        }
    }

    private final Set<Registration> watched = new LinkedHashSet<>();
    private final Queue<Runnable> changes = new ArrayDeque<>();
    private final int wakeRead;
    private final int wakeWrite;
    private final Thread thread;
    private final byte[] buffer = new byte[BUFFER];
    private boolean ended;
    private volatile boolean stopping;

    public PollLoop(String name) throws IOException {
        int[] pipe = new int[2];
        if (Libc.C.pipe2(pipe, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0) {
            throw new IOException("pipe2: " + Libc.error(Native.getLastError()));
        }
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code fd} until its watcher says it is done or the registration is cancelled. */
    public Registration add(int fd, Watcher watcher) {
        Registration r = new Registration(fd, watcher);
        if (!execute(() -> watched.add(r))) {
            releaseOnce(r);
        }
        return r;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private boolean execute(Runnable change) {
        synchronized (changes) {
            if (ended) {
                return false;
            }
            changes.add(change);
            wakeUp();
        }
        return true;
    }

    /** Called holding {@link #changes} before the loop ended, so the pipe is still open. */
    private void wakeUp() {
        // a full pipe already wakes the loop: EAGAIN is fine
        Libc.C.write(wakeWrite, new byte[] {1}, 1);
    }

    private void drop(Registration r) {
        if (watched.remove(r)) {
            releaseOnce(r);
        }
    }

    private static void releaseOnce(Registration r) {
        if (r.released.compareAndSet(false, true)) {
            try {
                r.watcher.released();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "releasing descriptor {0} failed: {1}", r.fd, e.toString());
            }
        }
    }

    private void applyChanges() {
        List<Runnable> pending;
        synchronized (changes) {
            pending = new ArrayList<>(changes);
            changes.clear();
        }
        pending.forEach(Runnable::run);
    }

    private void run() {
        try {
            while (!stopping) {
                applyChanges();
                if (stopping) {
                    break;
                }
                Registration[] regs = watched.toArray(new Registration[0]);
                int[] fds = new int[2 * (regs.length + 1)];
                fds[0] = wakeRead;
                fds[1] = Libc.POLLIN;
                for (int i = 0; i < regs.length; i++) {
                    fds[2 * i + 2] = regs[i].fd;
                    fds[2 * i + 3] = Libc.POLLIN;
                }
                if (Libc.C.poll(fds, regs.length + 1, -1) < 0) {
                    int errno = Native.getLastError();
                    if (errno != Libc.EINTR) {
                        LOG.log(Level.WARNING, "poll failed: {0}", Libc.error(errno));
                    }
                    continue;
                }
                if ((fds[1] >>> 16) != 0) {
                    drainWakeUps();
                }
                for (int i = 0; i < regs.length; i++) {
                    int revents = fds[2 * i + 3] >>> 16;
                    if (revents != 0) {
                        serve(regs[i], revents);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the shim I/O loop failed: {0}", e.toString());
        } finally {
            synchronized (changes) {
                ended = true;
            }
            applyChanges();
            for (Registration r : List.copyOf(watched)) {
                drop(r);
            }
            synchronized (changes) {
                Libc.C.close(wakeRead);
                Libc.C.close(wakeWrite);
            }
        }
    }

    private void serve(Registration r, int revents) {
        if (!watched.contains(r)) {
            return;
        }
        boolean keep;
        if ((revents & Libc.POLLNVAL) != 0) {
            LOG.log(Level.WARNING, "descriptor {0} was closed while it was watched", r.fd);
            keep = false;
        } else if ((revents & READY) == 0) {
            keep = true;
        } else {
            try {
                keep = r.watcher.ready(r.fd, buffer);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reading descriptor {0} failed: {1}", r.fd, e.toString());
                keep = false;
            }
        }
        if (!keep) {
            drop(r);
        }
    }

    private void drainWakeUps() {
        byte[] b = new byte[64];
        while (Libc.C.read(wakeRead, b, b.length) > 0) {
            // each byte only said "look at the changes"
        }
    }

    /** Stops the loop: every watched descriptor is released. */
    @Override
    public void close() {
        stopping = true;
        synchronized (changes) {
            if (!ended) {
                wakeUp();
            }
        }
        if (!inLoop()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
