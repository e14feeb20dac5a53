package io.isula.cli.command;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.LogOptions;

import java.io.PrintStream;

/**
 * Output of a started container until it exits, then its exit code. The log is read from its beginning
 * with follow, so nothing written between start and the first read is lost.
 */
final class Attachment {
    private final ContainerEngine engine;
    private final PrintStream out;
    private final PrintStream err;

    Attachment(ContainerEngine engine, PrintStream out, PrintStream err) {
        this.engine = engine;
        this.out = out;
        this.err = err;
    }

    int followUntilExit(String id) {
        try {
            engine.logs(id, new LogOptions(true, -1, false, true, true), new LogPrinter(out, err, false));
        } catch (EngineException e) {
            err.println(Failures.message(e));
        }
        return engine.await(id);
    }
}
