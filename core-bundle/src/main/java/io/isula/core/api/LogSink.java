package io.isula.core.api;

/** Receives log entries; returning false stops the stream (the client went away). */
@FunctionalInterface
public interface LogSink {
    boolean accept(LogEntry entry);
}
