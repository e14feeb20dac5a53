package io.isula.core.spi;

/** A runtime's stdio connection to a process: input, terminal size, and closing. */
public interface ProcessStdio extends AutoCloseable {
    /** The process id on the host (0 when not known). */
    default int pid() {
        return 0;
    }

    /** Sends input to the process's stdin; blocks while the process does not read. */
    void write(byte[] data, int offset, int length);

    /** Ends the process's stdin (a process without a terminal reads end of file). */
    void closeStdin();

    /** Resizes the process's terminal; nothing when it has none. */
    void resize(int height, int width);

    /** Closes the connection; the process keeps running. */
    @Override
    void close();
}
