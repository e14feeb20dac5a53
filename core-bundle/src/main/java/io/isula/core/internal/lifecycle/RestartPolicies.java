package io.isula.core.internal.lifecycle;

import io.isula.core.api.HostConfig;

import java.time.Duration;

/**
 * iSulad's restart manager rules: {@code always} and {@code unless-stopped} restart whatever the exit code,
 * {@code on-failure[:N]} after a non-zero exit while the failures in a row are at most N (0: no limit),
 * {@code on-reboot} after exit code 129; nothing restarts a container the user stopped. The delay starts at 100 ms and
 * doubles up to a minute; a container that ran 10 s or more starts over at 100 ms.
 */
public final class RestartPolicies {
    static final long FIRST_DELAY_MILLIS = 100;
    static final long MAX_DELAY_MILLIS = 60_000;
    private static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private RestartPolicies() {
    }

    /** The delay before the next restart, given the last one and how long the container ran this time. */
    public static long nextDelay(long previousMillis, Duration ran) {
        long previous = ran.compareTo(RESET_AFTER) >= 0 ? 0 : previousMillis;
        return previous == 0 ? FIRST_DELAY_MILLIS : Math.min(previous * 2, MAX_DELAY_MILLIS);
    }

    /**
     * @param failures non-zero exits in a row, this one included
     */
    public static boolean shouldRestart(HostConfig.RestartPolicy policy, int exitCode, int failures,
                                        boolean manuallyStopped) {
        if (policy == null || policy.name() == null || manuallyStopped) {
            return false;
        }
        return switch (policy.name()) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0
                    && (policy.maximumRetryCount() == 0 || failures <= policy.maximumRetryCount());
            case "on-reboot" -> exitCode == 129;
            default -> false;
        };
    }

    /** Whether a stopped container comes back when the daemon starts (it was not stopped by the user). */
    public static boolean restartsWithDaemon(HostConfig.RestartPolicy policy, boolean manuallyStopped) {
        return policy != null && !manuallyStopped
                && ("always".equals(policy.name()) || "unless-stopped".equals(policy.name()));
    }
}
