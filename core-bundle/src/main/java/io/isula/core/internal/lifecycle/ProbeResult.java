package io.isula.core.internal.lifecycle;

/**
 * How a health probe ended: its exit code and what it printed (stdout and stderr as they came, cut to a few KiB);
 * when it ran past its deadline it was killed and {@code timedOut} is true.
 */
public record ProbeResult(int exitCode, String output, boolean timedOut) {
}
