package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.format.TemplateException;
import io.isula.cli.http.DaemonUnreachableException;
import io.isula.core.api.EngineException;

import java.io.PrintStream;

/** How a failed command reports itself: the text on stderr, and the exit code. */
public final class Failures {
    private Failures() {
    }

    /** Prints {@code e} as isula does and returns the exit code; {@code engineFailureCode} is 1, or 125 for create/run. */
    public static int report(Throwable e, PrintStream err, int engineFailureCode) {
        if (e instanceof CliFailure f) {
            err.println(f.getMessage());
            return f.exitCode();
        }
        if (e instanceof TemplateException) {
            err.println(e.getMessage());
            return 1;
        }
        if (e instanceof EngineException ee) {
            err.println(message(ee));
            return engineFailureCode;
        }
        err.println("Error: " + e);
        return engineFailureCode;
    }

    public static String message(EngineException e) {
        if (e instanceof DaemonUnreachableException) {
            return e.getMessage();
        }
        return "Error response from daemon: " + e.getMessage();
    }
}
