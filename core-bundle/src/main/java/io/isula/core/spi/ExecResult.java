package io.isula.core.spi;

/**
 * How an {@link ExecProcess} ended: its exit code and what it printed (stdout then stderr, cut to a few KiB); when
 * it ran past its deadline it was killed and {@code timedOut} is true.
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {
}
