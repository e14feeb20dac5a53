package io.isula.cli.command;

/** Lets tests outside the package check how a failed start maps to an exit code. */
public final class RunCommandAccess {
    private RunCommandAccess() {
    }

    public static int startFailureExitCode(String message) {
        return RunCommand.startFailureExitCode(message);
    }
}
