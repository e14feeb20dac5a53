package io.isula.core.api;

/** Receives log entries; returning false stops the stream (the client went away). */
@FunctionalInterface
public interface LogSink {
    boolean accept(LogEntry entry);

    /**
     * The reader has no more entries at hand (it waits for more, or is done): what the sink holds should go out now.
     * Returns false when the receiver is gone.
     */
    default boolean flush() {
        return true;
    }
}
