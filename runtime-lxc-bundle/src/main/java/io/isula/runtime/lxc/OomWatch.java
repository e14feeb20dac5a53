package io.isula.runtime.lxc;

import io.isula.core.util.conmon.Libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Learns when the kernel's OOM killer kills in a running lcr container: a cgroup v1 memory OOM notification (an
 * eventfd registered through {@code cgroup.event_control}) per container, all polled by one daemon thread. lxc
 * removes the container's cgroup when it stops, so the notification is the moment to look at {@code oom_kill}.
 * The eventfd also fires when the cgroup goes; then the registration ends.
 */
final class OomWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OomWatch.class.getName());

    private record Registration(String id, Path cgroup, int eventFd, int controlFd) {
    }

    private final Map<Integer, Registration> byEventFd = new ConcurrentHashMap<>();
    /** Registrations that ended: their fds are closed by the polling thread only, so it never polls a reused fd. */
    private final Queue<Registration> retired = new ConcurrentLinkedQueue<>();
    private final Consumer<String> oomKilled;
    private final Path proc;
    private final Path memoryRoot;
    private final Thread thread;
    private volatile boolean closed;

    OomWatch(Consumer<String> oomKilled) {
        this(oomKilled, Path.of("/proc"), Path.of("/sys/fs/cgroup/memory"));
    }

    OomWatch(Consumer<String> oomKilled, Path proc, Path memoryRoot) {
        this.oomKilled = oomKilled;
        this.proc = proc;
        this.memoryRoot = memoryRoot;
        this.thread = new Thread(this::loop, "isula-lcr-oom");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches the memory cgroup of {@code initPid} for container {@code id}; nothing when it cannot. */
    void watch(String id, int initPid) {
        unwatch(id);
        Path cgroup;
        try {
            cgroup = memoryCgroup(initPid);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no memory cgroup for lcr container {0}: {1}", id, e.getMessage());
            return;
        }
        int efd = Posix.C.eventfd(0, Posix.EFD_CLOEXEC);
        if (efd < 0) {
            return;
        }
        int cfd = Libc.C.open(cgroup.resolve("memory.oom_control").toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (cfd < 0) {
            Libc.C.close(efd);
            return;
        }
        try {
            Files.writeString(cgroup.resolve("cgroup.event_control"), efd + " " + cfd, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            Libc.C.close(efd);
            Libc.C.close(cfd);
            LOG.log(System.Logger.Level.DEBUG, "OOM notification for lcr container {0}: {1}", id, e.getMessage());
            return;
        }
        Registration r = new Registration(id, cgroup, efd, cfd);
        byEventFd.put(efd, r);
        // an OOM kill right after the start may have come before the registration
        try {
            if (oomKills(Files.readAllLines(cgroup.resolve("memory.oom_control"), StandardCharsets.US_ASCII)) > 0
                    && byEventFd.remove(efd, r)) {
                retired.add(r);
                oomKilled.accept(id);
            }
        } catch (IOException gone) {
            // stopped already: the polling thread sees the eventfd fire
        }
    }

    void unwatch(String id) {
        byEventFd.values().removeIf(r -> {
            if (r.id().equals(id)) {
                retired.add(r);
                return true;
            }
            return false;
        });
    }

    private Path memoryCgroup(int pid) throws IOException {
        for (String line : Files.readAllLines(proc.resolve(pid + "/cgroup"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                return memoryRoot.resolve(f[2].substring(1));
            }
        }
        throw new IOException("pid " + pid + " has no memory cgroup");
    }

    private void loop() {
        byte[] counter = new byte[8];
        while (!closed) {
            for (Registration r; (r = retired.poll()) != null; ) {
                release(r);
            }
            List<Registration> regs = new ArrayList<>(byEventFd.values());
            if (regs.isEmpty()) {
                pause(200);
                continue;
            }
            int[] fds = new int[regs.size() * 2];
            for (int i = 0; i < regs.size(); i++) {
                fds[2 * i] = regs.get(i).eventFd();
                fds[2 * i + 1] = Libc.POLLIN;
            }
            int n = Libc.C.poll(fds, regs.size(), 200);
            if (n <= 0) {
                continue;
            }
            for (int i = 0; i < regs.size(); i++) {
                if ((fds[2 * i + 1] >>> 16) == 0) {
                    continue;
                }
                Registration r = regs.get(i);
                Libc.C.read(r.eventFd(), counter, 8);
                handle(r);
            }
        }
    }

    private void handle(Registration r) {
        long kills;
        try {
            kills = oomKills(Files.readAllLines(r.cgroup().resolve("memory.oom_control"), StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            if (byEventFd.remove(r.eventFd(), r)) {
                release(r);
            }
            return;
        }
        if (kills > 0 && byEventFd.remove(r.eventFd(), r)) {
            release(r);
            try {
                oomKilled.accept(r.id());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "OOM report of lcr container " + r.id() + " failed", e);
            }
        }
    }

    static long oomKills(List<String> oomControl) {
        for (String line : oomControl) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring(9).strip());
            }
        }
        return 0;
    }

    private static void release(Registration r) {
        Libc.C.close(r.eventFd());
        Libc.C.close(r.controlFd());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            byEventFd.values().forEach(OomWatch::release);
            retired.forEach(OomWatch::release);
        }
        byEventFd.clear();
        retired.clear();
    }
}
