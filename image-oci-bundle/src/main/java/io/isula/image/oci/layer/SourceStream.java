package io.isula.image.oci.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's layer stream, remembering whether it failed (a broken download is the caller's I/O error, not a bad
 * layer) and not closing it: the caller owns it.
 */
final class SourceStream extends FilterInputStream {
    private volatile IOException failure;

    SourceStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        try {
            return in.read(buf, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() {
        // the caller closes its own stream
    }

    /** The caller's stream's own failure, if it had one. */
    IOException failure() {
        return failure;
    }
}
