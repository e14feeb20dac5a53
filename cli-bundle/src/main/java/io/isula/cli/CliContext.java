package io.isula.cli;

import io.isula.core.api.ContainerEngine;

import java.io.PrintStream;
import java.time.Clock;

/** What every command needs from outside: its engine, its two output streams and the time (for "2 seconds ago"). */
public record CliContext(EngineSource engines, PrintStream out, PrintStream err, Clock clock) {
    public ContainerEngine engine(String host) {
        return engines.engine(host);
    }
}
