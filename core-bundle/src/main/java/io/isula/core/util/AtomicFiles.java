package io.isula.core.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a crash can never leave half done: temporary file, data sync, rename. A crash leaves
 * the old or the new content. {@link #syncDirectory} makes the renames of a folder durable; callers writing
 * several new files into one folder sync it once at the end.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        replace(target, content);
        syncDirectory(dir);
    }

    /** Like {@link #write} but without syncing the folder: the rename is atomic, not yet durable. */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, content, true);
    }

    /**
     * Atomic but not durable: after a crash the file may hold the old content (or be missing when new). For files
     * the engine can make again, where a sync on the hot path buys nothing.
     */
    public static void replaceUnsynced(Path target, String content) throws IOException {
        replace(target, content.getBytes(StandardCharsets.UTF_8), false);
    }

    /** {@link #replaceUnsynced(Path, String)} for bytes. */
    public static void replaceUnsynced(Path target, byte[] content) throws IOException {
        replace(target, content, false);
    }

    private static void replace(Path target, byte[] content, boolean sync) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync) {
                    ch.force(false);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void replace(Path target, String content) throws IOException {
        replace(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse fsync on a directory; the rename itself is still atomic
        }
    }
}
