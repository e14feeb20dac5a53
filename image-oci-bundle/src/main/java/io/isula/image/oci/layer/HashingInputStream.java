package io.isula.image.oci.layer;

import io.isula.image.oci.model.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes (sha256) and counts every byte read through it; skipping reads too, so nothing escapes the hash. The
 * digest is taken when the stream below reports its end.
 */
public final class HashingInputStream extends FilterInputStream {
    private final String algorithm;
    private final MessageDigest hasher;
    private long count;
    private Digest digest;

    /** Hashes with sha256. */
    public HashingInputStream(InputStream in) {
        this(in, "sha256", Digest.newSha256());
    }

    /** Hashes with {@code hasher}, whose digests are named {@code algorithm}. */
    public HashingInputStream(InputStream in, String algorithm, MessageDigest hasher) {
        super(in);
        this.algorithm = algorithm;
        this.hasher = hasher;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hasher.update((byte) b);
            count++;
        } else {
            finish();
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            hasher.update(buf, off, n);
            count += n;
        } else if (n < 0) {
            finish();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void finish() {
        if (digest == null) {
            digest = new Digest(algorithm, HexFormat.of().formatHex(hasher.digest()));
        }
    }

    /** The digest of the whole stream, once it has been read to its end. */
    public Digest digest() {
        if (digest == null) {
            throw new IllegalStateException("the stream was not read to its end");
        }
        return digest;
    }

    long count() {
        return count;
    }
}
