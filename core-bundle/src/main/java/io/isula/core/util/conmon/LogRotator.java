package io.isula.core.util.conmon;

import io.isula.core.spi.ContainerLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rotates the logs of running containers that have a size limit: when {@code console.log} reaches it, the older files
 * move up ({@code .1} → {@code .2} …, the oldest is dropped), {@code console.log} becomes {@code console.log.1}, and
 * conmon is told through its ctl FIFO to reopen its log, which starts a new {@code console.log}. conmon writes to the
 * renamed file until it reopens, so nothing is lost (with one file only, the old content is dropped, as the limit
 * asks). One thread looks at the sizes ten times a second; the policy is kept beside the container's other state so
 * that a restarted daemon goes on rotating.
 */
public final class LogRotator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogRotator.class.getName());
    private static final long PERIOD_MILLIS = 100;
    private static final String POLICY_FILE = "log-policy";

    private record Entry(Path log, Path ctl, long maxSize, int maxFiles, AtomicBoolean awaitingReopen) {
        Entry(Path log, Path ctl, long maxSize, int maxFiles) {
            this(log, ctl, maxSize, maxFiles, new AtomicBoolean());
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public LogRotator() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "isula-log-rotator");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        t.scheduleWithFixedDelay(this::checkAll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        this.timer = t;
    }

    /** Starts rotating {@code log} of container {@code id} and records the policy in {@code stateDir}. */
    public void watch(String id, Path stateDir, Path log, Path ctl, ContainerLog policy) throws IOException {
        if (policy.disabled() || policy.maxSize() <= 0) {
            Files.deleteIfExists(stateDir.resolve(POLICY_FILE));
            return;
        }
        Files.writeString(stateDir.resolve(POLICY_FILE), policy.maxSize() + " " + policy.maxFiles() + "\n",
                StandardCharsets.US_ASCII);
        entries.put(id, new Entry(log, ctl, policy.maxSize(), policy.maxFiles()));
    }

    /** After a daemon restart: goes on with the policy recorded at create, if any. */
    public void restore(String id, Path stateDir, Path log, Path ctl) {
        read(stateDir).ifPresent(p -> entries.put(id, new Entry(log, ctl, p.maxSize(), p.maxFiles())));
    }

    public void unwatch(String id) {
        entries.remove(id);
    }

    public static Optional<ContainerLog> read(Path stateDir) {
        try {
            String[] f = Files.readString(stateDir.resolve(POLICY_FILE), StandardCharsets.US_ASCII).trim().split(" ");
            return Optional.of(new ContainerLog(false, Long.parseLong(f[0]), Integer.parseInt(f[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void checkAll() {
        for (Entry e : entries.values()) {
            try {
                check(e);
            } catch (IOException | RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "log rotation of {0}: {1}", e.log(), ex.toString());
            }
        }
    }

    /**
     * Rotates only while conmon runs (a stopped container's log no longer grows), and when conmon ended between the
     * rotation and its reopen, puts the empty current file in place that conmon would have made.
     */
    private void check(Entry e) throws IOException {
        long size;
        try {
            size = Files.size(e.log());
        } catch (NoSuchFileException reopening) {
            if (e.awaitingReopen().get() && !Fifos.hasReader(e.ctl())) {
                try {
                    Files.createFile(e.log());
                } catch (FileAlreadyExistsException reopened) {
                    // conmon made it after all
                }
                e.awaitingReopen().set(false);
            }
            return;
        }
        e.awaitingReopen().set(false);
        if (size >= e.maxSize() && Fifos.hasReader(e.ctl())) {
            rotate(e.log(), e.maxFiles());
            e.awaitingReopen().set(true);
            Fifos.writeIfRead(e.ctl(), "2 0 0\n");
        }
    }

    /** Moves the files up by one; the current file becomes {@code .1} (or goes, with one file). */
    public static void rotate(Path log, int maxFiles) throws IOException {
        if (maxFiles <= 1) {
            Files.delete(log);
            return;
        }
        Files.deleteIfExists(numbered(log, maxFiles - 1));
        for (int i = maxFiles - 2; i >= 1; i--) {
            Path from = numbered(log, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(log, i + 1), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(log, numbered(log, 1), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Path numbered(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        entries.clear();
    }
}
