package io.isula.core.internal.lifecycle;

import io.isula.core.api.HealthConfig;
import io.isula.core.api.HealthState;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.internal.store.Times;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the health checks of running containers, Docker's way: a probe every interval (the first one interval after
 * the start); a probe that fails or runs past its timeout adds to the failing streak, except during the start
 * period while the container is still "starting"; {@code retries} failures in a row make it unhealthy, one success
 * healthy again. The last five probes are kept. A paused container is not probed.
 */
public final class HealthMonitor implements AutoCloseable {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    private static final int KEEP_PROBES = 5;
    private static final int MAX_OUTPUT = 4096;

    /** Runs one probe of a container (in the container, as its user). */
    public interface Prober {
        ProbeResult probe(ContainerRecord container, List<String> command, Duration timeout);
    }

    /** Told when a container's health status changes. */
    public interface Listener {
        void healthChanged(ContainerRecord container, String status);
    }

    private final Timers timers = new Timers("isula-health");
    private final ExecutorService probes;
    private final Prober prober;
    private final Listener listener;

    public HealthMonitor(ExecutorService probes, Prober prober, Listener listener) {
        this.probes = probes;
        this.prober = prober;
        this.listener = listener;
    }

    /** A container started: its health is "starting" and probes begin (when it has an active check). */
    public void started(ContainerRecord c) {
        HealthConfig hc = c.config().healthcheck();
        if (hc == null || !hc.active()) {
            return;
        }
        c.updateHealth(new HealthState(HealthState.STARTING, 0, List.of()));
        schedule(c, interval(hc));
    }

    /** The container stopped (or is removed): no more probes. */
    public void stopped(String id) {
        timers.cancel(id);
    }

    private void schedule(ContainerRecord c, Duration delay) {
        timers.schedule(c.id(), delay.toMillis(), () -> {
            try {
                probes.execute(() -> probe(c));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        });
    }

    private void probe(ContainerRecord c) {
        HealthConfig hc = c.config().healthcheck();
        if (c.removed() || !c.status().isActive() || hc == null) {
            return;
        }
        Instant startedAt = c.startedAt();
        if (c.status() == io.isula.core.api.ContainerStatus.RUNNING) {
            Instant start = Instant.now();
            ProbeResult r;
            Duration timeout = timeout(hc);
            try {
                r = prober.probe(c, command(hc), timeout);
            } catch (RuntimeException e) {
                r = new ProbeResult(-1, String.valueOf(e.getMessage()), false);
            }
            Instant end = Instant.now();
            // a probe that outlived its run (the container stopped meanwhile) is not recorded
            if (c.status() == io.isula.core.api.ContainerStatus.RUNNING && startedAt.equals(c.startedAt())) {
                record(c, hc, r, start, end, timeout);
            }
        }
        if (!c.removed() && c.status().isActive() && startedAt.equals(c.startedAt())) {
            schedule(c, interval(hc));
        }
    }

    private void record(ContainerRecord c, HealthConfig hc, ProbeResult r, Instant start, Instant end,
                        Duration timeout) {
        int code = r.timedOut() ? -1 : r.exitCode();
        String output = r.timedOut() ? "Health check exceeded timeout (" + timeout.toSeconds() + "s)" : r.output();
        if (output != null && output.length() > MAX_OUTPUT) {
            output = output.substring(0, MAX_OUTPUT);
        }
        HealthState before = c.health() == null ? new HealthState(HealthState.STARTING, 0, List.of()) : c.health();
        List<HealthState.Probe> log = new ArrayList<>(before.log() == null ? List.of() : before.log());
        log.add(new HealthState.Probe(Times.format(start), Times.format(end), code, output == null ? "" : output));
        while (log.size() > KEEP_PROBES) {
            log.remove(0);
        }
        String status;
        int streak;
        if (code == 0) {
            status = HealthState.HEALTHY;
            streak = 0;
        } else {
            boolean inStartPeriod = hc.startPeriod() > 0
                    && Duration.between(c.startedAt(), start).toNanos() < hc.startPeriod()
                    && HealthState.STARTING.equals(before.status());
            streak = inStartPeriod ? before.failingStreak() : before.failingStreak() + 1;
            status = streak >= retries(hc) ? HealthState.UNHEALTHY : before.status();
        }
        c.updateHealth(new HealthState(status, streak, List.copyOf(log)));
        if (!status.equals(before.status())) {
            listener.healthChanged(c, status);
        }
    }

    /** {@code CMD args…} as they are, {@code CMD-SHELL command} through /bin/sh -c. */
    static List<String> command(HealthConfig hc) {
        List<String> test = hc.test();
        if (test.get(0).equals("CMD-SHELL")) {
            return List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
        }
        return test.subList(1, test.size());
    }

    static Duration interval(HealthConfig hc) {
        return hc.interval() > 0 ? Duration.ofNanos(hc.interval()) : DEFAULT_INTERVAL;
    }

    static Duration timeout(HealthConfig hc) {
        return hc.timeout() > 0 ? Duration.ofNanos(hc.timeout()) : DEFAULT_TIMEOUT;
    }

    static int retries(HealthConfig hc) {
        return hc.retries() > 0 ? hc.retries() : DEFAULT_RETRIES;
    }

    @Override
    public void close() {
        timers.close();
    }
}
