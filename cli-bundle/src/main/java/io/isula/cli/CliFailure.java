package io.isula.cli;

/** A failure the client detects itself; the message is printed as is and the command exits with {@link #exitCode()}. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
