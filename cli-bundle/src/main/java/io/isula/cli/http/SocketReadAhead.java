package io.isula.cli.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered socket stream whose {@link #available()} answers from its buffer while that holds anything, and asks
 * the socket (a system call) only when it is empty: log readers ask after every line whether more is at hand.
 */
final class SocketReadAhead extends BufferedInputStream {
    private static final int BUFFER_BYTES = 16 * 1024;

    SocketReadAhead(InputStream socket) {
        super(socket, BUFFER_BYTES);
    }

    @Override
    public synchronized int available() throws IOException {
        int buffered = count - pos;
        return buffered > 0 ? buffered : super.available();
    }
}
