package io.isula.runtime.kata;

import io.isula.core.api.LogEntry;
import io.isula.core.spi.ContainerLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Appends a container's output to its log in the CRI format ({@code <RFC3339Nano> stdout|stderr F|P <text>}), one
 * record per line (P: a line that continues in the next record), rotating by the container's log policy:
 * {@code console.log} → {@code console.log.1} … {@code console.log.N-1}.
 */
final class CriLogWriter implements AutoCloseable {
    private final Path log;
    private final ContainerLog policy;
    private FileChannel channel;
    private long size;

    CriLogWriter(Path log, ContainerLog policy) throws IOException {
        this.log = log;
        this.policy = policy;
        if (!policy.disabled()) {
            Files.createDirectories(log.toAbsolutePath().getParent());
            open();
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    synchronized void write(LogEntry.Stream stream, byte[] data, int offset, int length) throws IOException {
        if (policy.disabled() || channel == null) {
            return;
        }
        String name = stream == LogEntry.Stream.STDERR ? " stderr " : " stdout ";
        String time = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int nl = start;
            while (nl < end && data[nl] != '\n') {
                nl++;
            }
            boolean complete = nl < end;
            byte[] prefix = (time + name + (complete ? "F " : "P ")).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer record = ByteBuffer.allocate(prefix.length + (nl - start) + 1);
            record.put(prefix).put(data, start, nl - start).put((byte) '\n').flip();
            rotateIfFull(record.remaining());
            while (record.hasRemaining()) {
                size += channel.write(record);
            }
            start = complete ? nl + 1 : nl;
        }
    }

    private void rotateIfFull(int next) throws IOException {
        if (policy.maxSize() <= 0 || size + next <= policy.maxSize() || size == 0) {
            return;
        }
        channel.close();
        int keep = Math.max(1, policy.maxFiles()) - 1;
        if (keep == 0) {
            Files.deleteIfExists(log);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(log, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path rotated(int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing buffered
            }
            channel = null;
        }
    }
}
