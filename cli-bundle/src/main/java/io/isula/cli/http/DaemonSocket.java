package io.isula.cli.http;

import io.isula.cli.ClientLibrary;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A connected stream socket to the daemon. One thread may read while another writes (attach and exec relay stdin
 * while they print output); {@link #close} wakes a blocked reader, which then sees the end of the stream.
 */
interface DaemonSocket extends Closeable {
    /** Reads up to {@code length} bytes; -1 at the end of the stream. */
    int read(byte[] data, int offset, int length) throws IOException;

    /** Writes all of it. */
    void write(byte[] data, int offset, int length) throws IOException;

    /** Bytes that can be read without blocking. */
    int available() throws IOException;

    /** Half-closes: the daemon reads the end of the request body, the answer still comes in. */
    void shutdownOutput() throws IOException;

    @Override
    void close();

    default InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = DaemonSocket.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : DaemonSocket.this.read(b, off, len);
            }

            @Override
            public int available() throws IOException {
                return DaemonSocket.this.available();
            }

            @Override
            public void close() {
                DaemonSocket.this.close();
            }
        };
    }

    /** How the client reaches a socket path. */
    @FunctionalInterface
    interface Connector {
        DaemonSocket connect(Path socket) throws IOException;

        /**
         * The client's own native connection when the {@code isula.client.native} system property names its
         * library and that library loads (the {@code isula} script sets it), else the JDK's channels.
         */
        static Connector fromSystem() {
            if (ClientLibrary.load()) {
                return NativeDaemonSocket::connect;
            }
            return ChannelDaemonSocket::connect;
        }
    }
}
