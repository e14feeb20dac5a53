package io.isula.cli.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A connection the daemon took over after {@code 101 UPGRADED} (or {@code 200} with a raw stream): output comes in
 * on {@link #output()}, input goes out with {@link #write}; one thread may read while another writes.
 */
public final class HijackedStream implements AutoCloseable {
    private final DaemonSocket socket;
    private final InputStream output;
    private final String contentType;

    HijackedStream(DaemonSocket socket, InputStream output, String contentType) {
        this.socket = socket;
        this.output = output;
        this.contentType = contentType;
    }

    /** The process's output: raw, or Docker's frames (see {@link #multiplexed()}). */
    public InputStream output() {
        return output;
    }

    public boolean multiplexed() {
        return contentType != null && contentType.contains("multiplexed");
    }

    public boolean raw() {
        return contentType != null && contentType.contains("raw-stream");
    }

    public void write(byte[] data, int offset, int length) throws IOException {
        socket.write(data, offset, length);
    }

    /** Ends the input: the daemon sees the half-close. */
    public void closeInput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        socket.close();
    }
}
