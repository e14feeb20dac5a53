package io.isula.core.api;

/** The caller's side of an attachment: input for the process, its terminal size, and detaching. */
public interface StdioStream extends AutoCloseable {
    /**
     * Sends input to the process (ignored when stdin is not attached). May block while the process does not read.
     * Input that holds the detach keys detaches at that point: the rest is not sent.
     */
    void write(byte[] data, int offset, int length);

    /** The caller's input ended; a process without a terminal sees end of file. */
    void closeStdin();

    /** Resizes the process's terminal (nothing without one). */
    void resize(int height, int width);

    /** Detaches: the process keeps running; the sink gets {@link StdioSink#closed()}. */
    @Override
    void close();
}
