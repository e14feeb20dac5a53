package io.isula.image.oci.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;

/**
 * A download file read while it is being written: a reader gets the bytes on disk so far and waits for more until the
 * writer declares the download {@link #complete() complete} (then the end of the file is the end of the stream) or
 * {@link #fail failed} (then the reader fails with that reason). The writer reports each new length with
 * {@link #grew}; a file that shrinks under a reader (a restarted download) fails the reader. Completing may move the
 * file (into the blob store): readers open whichever path holds it, and an open reader keeps reading what it opened.
 */
final class FollowedDownload {
    /** Moves the complete download and returns where it is now. */
    interface Move {
        Path move() throws IOException;
    }

    private Path file;
    private long length;
    private boolean complete;
    private IOException failure;
    private String abandoned;

    FollowedDownload(Path file) {
        this.file = file;
    }

    /** Reports the file's new length; throws {@link CancellationException} once the download is {@link #abandon}ed. */
    synchronized void grew(long newLength) {
        if (abandoned != null) {
            throw new CancellationException(abandoned);
        }
        if (newLength < length && failure == null) {
            failure = new IOException("the download of " + file.getFileName() + " started over");
        }
        length = newLength;
        notifyAll();
    }

    /** The download is complete: {@code move} puts it where it stays (no reader opens it meanwhile); returns that path. */
    synchronized Path complete(Move move) throws IOException {
        file = move.move();
        complete = true;
        notifyAll();
        return file;
    }

    /** Nobody will use this download: its writer stops at its next report, its readers fail. */
    synchronized void abandon(String why) {
        abandoned = why;
        fail(why);
    }

    synchronized void fail(String why) {
        if (failure == null) {
            failure = new IOException(why);
        }
        notifyAll();
    }

    /** A stream over the whole download, from its first byte. */
    synchronized InputStream open() throws IOException {
        return new Reader(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Waits until the file holds more than {@code position} bytes (returns its length) or ends there (returns -1). */
    private synchronized long awaitBeyond(long position) throws IOException {
        while (true) {
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (length > position) {
                return length;
            }
            if (complete) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the download of " + file.getFileName());
            }
        }
    }

    private final class Reader extends InputStream {
        private final FileChannel channel;
        private long position;

        Reader(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long available = awaitBeyond(position);
            if (available < 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available - position)), position);
            if (n < 0) {
                throw new IOException("the download of " + file.getFileName() + " is shorter than its writer said");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
