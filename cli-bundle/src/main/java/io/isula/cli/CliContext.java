package io.isula.cli;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ImageEngine;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What every command needs from outside: its engine, its two output streams, the time (for "2 seconds ago")
 * and the client's environment (for {@code -e KEY} without a value).
 */
public record CliContext(EngineSource engines, PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {
    /** A context with the process environment. */
    public CliContext(EngineSource engines, PrintStream out, PrintStream err, Clock clock) {
        this(engines, out, err, clock, System.getenv());
    }

    public ContainerEngine engine(String host) {
        return engines.engine(host);
    }

    public ImageEngine images(String host) {
        return engines.images(host);
    }
}
