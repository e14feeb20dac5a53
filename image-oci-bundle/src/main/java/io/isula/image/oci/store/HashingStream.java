package io.isula.image.oci.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Feeds a hasher with every byte read. */
final class HashingStream extends FilterInputStream {
    private final MessageDigest hasher;

    HashingStream(InputStream in, MessageDigest hasher) {
        super(in);
        this.hasher = hasher;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            hasher.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            hasher.update(b, off, n);
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
