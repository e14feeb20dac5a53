package io.isula.core.api;

/**
 * Where an attached process's output goes. The engine calls it from one thread at a time, in order; it must
 * not block for long (a slow client holds back only itself: returning false drops it).
 */
public interface StdioSink {
    /** Output of the process; false when the receiver is gone, and the engine sends no more. */
    boolean output(LogEntry.Stream stream, byte[] data, int offset, int length);

    /**
     * The attachment ended: the process exited (its exit code is known by now), the container stopped, or the
     * attachment was detached or closed. Called once.
     */
    void closed();
}
