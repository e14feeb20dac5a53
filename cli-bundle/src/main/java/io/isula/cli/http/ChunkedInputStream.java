package io.isula.cli.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) { this.in = in; }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (done || (remaining == 0 && !nextChunk())) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            HttpResponse.readLine(in);
        }
        return n;
    }

    private boolean nextChunk() throws IOException {
        String line = HttpResponse.readLine(in);
        if (line == null) {
            throw new EOFException("connection closed before the last chunk");
        }
        int semi = line.indexOf(';');
        String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + line);
        }
        if (remaining < 0) {
            throw new IOException("bad chunk size: " + line);
        }
        if (remaining == 0) {
            String trailer;
            do {
                trailer = HttpResponse.readLine(in);
            } while (trailer != null && !trailer.isEmpty());
            done = true;
            return false;
        }
        return true;
    }

    /** What can be read without blocking: the rest of the current chunk the connection already holds. */
    @Override
    public int available() throws IOException {
        return done || remaining == 0 ? 0 : (int) Math.min(remaining, in.available());
    }

    @Override
    public void close() throws IOException { in.close(); }
}
