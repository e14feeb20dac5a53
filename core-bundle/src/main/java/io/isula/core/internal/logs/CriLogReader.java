package io.isula.core.internal.logs;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reads a container log in the CRI format the runtimes write ({@code <RFC3339Nano> stdout|stderr F|P <text>}
 * per line), with Docker's {@code tail} and {@code follow}, over the rotated files ({@code console.log.N} …
 * {@code console.log.1}, then {@code console.log}). A follower goes on with the new {@code console.log} once the
 * runtime has rotated the one it reads, after reading that one to its end.
 */
public final class CriLogReader {
    private static final long FOLLOW_POLL_MILLIS = 50;
    private static final int CHUNK = 64 * 1024;
    /** More rotated files than any policy keeps: the search for them stops where they end anyway. */
    private static final int MAX_ROTATED = 1000;

    /** The writer's side, as a follower sees it. */
    public interface Writer {
        /** Waits up to {@code millis} for the writer to stop; true while it is still writing. */
        boolean stillWriting(long millis) throws InterruptedException;
    }

    /**
     * Streams entries to {@code sink}. With follow, returns once the writer stopped and the file holds
     * nothing more, or when the sink refuses an entry.
     */
    public void read(Path log, LogOptions options, Writer writer, LogSink sink)
            throws IOException, InterruptedException {
        if (options.tail() == 0 && !options.follow()) {
            return;
        }
        Lines lines = new Lines(options, sink);
        KeyedChannel opened = openWhenPresent(log, options.follow(), writer);
        FileChannel current = opened == null ? null : opened.channel();
        try {
            int firstFile = 0;
            long firstOffset = 0;
            List<Path> files = olderThan(rotated(log), opened);
            if (options.tail() == 0) {
                firstFile = files.size();
                firstOffset = current == null ? 0 : current.size();
            } else if (options.tail() > 0) {
                long[] start = startOfLastLines(files, current, options.tail());
                firstFile = (int) start[0];
                firstOffset = start[1];
            }
            for (int i = firstFile; i < files.size(); i++) {
                try (FileChannel ch = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
                    ch.position(i == firstFile ? firstOffset : 0);
                    if (!lines.copy(ch)) {
                        return;
                    }
                } catch (NoSuchFileException rotatedAway) {
                    // dropped by a rotation while we read: what it held is gone
                }
            }
            if (current == null) {
                return;
            }
            current.position(firstFile == files.size() ? firstOffset : 0);
            follow(log, opened, lines, options.follow(), writer);
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /** The rotated files written before {@code current} (which may itself have been rotated since it was opened). */
    private static List<Path> olderThan(List<Path> rotated, KeyedChannel current) {
        if (current != null) {
            for (int i = 0; i < rotated.size(); i++) {
                if (Objects.equals(fileKey(rotated.get(i)), current.key())) {
                    return rotated.subList(0, i);
                }
            }
        }
        return rotated;
    }

    /** Reads {@code ch} to its end and, with follow, on through rotations until the writer stops. */
    private static void follow(Path log, KeyedChannel opened, Lines lines, boolean follow, Writer writer)
            throws IOException, InterruptedException {
        FileChannel first = opened.channel();
        FileChannel ch = first;
        Object key = opened.key();
        try {
            while (true) {
                if (!lines.copy(ch)) {
                    return;
                }
                if (!follow) {
                    return;
                }
                Object now = fileKey(log);
                if (now != null && !Objects.equals(now, key)) {
                    // rotated: the writer has reopened, so the old file is complete; finish it, then go on with the
                    // file that came after it (the new one, or a rotated one when the writer rotated again meanwhile)
                    if (!lines.copy(ch)) {
                        return;
                    }
                    KeyedChannel next = openSuccessor(log, key);
                    if (next == null) {
                        continue;
                    }
                    if (ch != first) {
                        ch.close();
                    }
                    ch = next.channel();
                    key = next.key();
                    continue;
                }
                if (!writer.stillWriting(FOLLOW_POLL_MILLIS) && ch.position() >= ch.size()
                        && Objects.equals(fileKey(log), key)) {
                    return;
                }
            }
        } finally {
            if (ch != first) {
                ch.close();
            }
        }
    }

    /**
     * Opens the file written after the one with {@code key}: the next one in a listing no rotation changed while it
     * was taken, or the oldest left when that one is gone already; null while that file is not there yet. A rotation
     * may move it again before it is opened, so it is opened by its identity, wherever it is by then.
     */
    private static KeyedChannel openSuccessor(Path log, Object key) throws IOException {
        while (true) {
            List<Object> keys = stableKeys(log);
            int at = keys.indexOf(key);
            if (at == keys.size() - 1 || keys.get(at + 1) == null) {
                return null;
            }
            Object wanted = keys.get(at + 1);
            KeyedChannel next = openByKey(log, wanted);
            if (next != null) {
                return next;
            }
        }
    }

    /**
     * The identities of the rotated files and the current one, oldest first, listed again until two listings agree:
     * no rotation moved a file while they were taken.
     */
    private static List<Object> stableKeys(Path log) {
        List<Object> previous = null;
        while (true) {
            List<Path> files = rotated(log);
            files.add(log);
            List<Object> keys = new ArrayList<>(files.size());
            for (Path p : files) {
                keys.add(fileKey(p));
            }
            if (keys.equals(previous)) {
                return keys;
            }
            previous = keys;
        }
    }

    /** Opens the log file with identity {@code key}; null when it moved while being opened, or is gone. */
    private static KeyedChannel openByKey(Path log, Object key) throws IOException {
        List<Path> newestFirst = rotated(log);
        newestFirst.add(log);
        Collections.reverse(newestFirst);
        for (Path p : newestFirst) {
            if (Objects.equals(fileKey(p), key)) {
                KeyedChannel opened = open(p);
                if (opened != null && opened.key().equals(key)) {
                    return opened;
                }
                if (opened != null) {
                    opened.channel().close();
                }
                return null;
            }
        }
        return null;
    }

    /**
     * The rotated files that exist, oldest first. A rotation under way leaves one number free while it moves the files
     * up, one at a time: the search stops at the second free number in a row, so no file hides behind that gap.
     */
    static List<Path> rotated(Path log) {
        List<Path> found = new ArrayList<>();
        int free = 0;
        for (int i = 1; i <= MAX_ROTATED && free < 2; i++) {
            Path p = log.resolveSibling(log.getFileName() + "." + i);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                found.add(0, p);
                free = 0;
            } else {
                free++;
            }
        }
        return found;
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** An open log file and the identity of the file it reads, which its path may no longer name. */
    private record KeyedChannel(FileChannel channel, Object key) {
    }

    private static KeyedChannel openWhenPresent(Path log, boolean follow, Writer writer)
            throws IOException, InterruptedException {
        while (true) {
            KeyedChannel opened = open(log);
            if (opened != null) {
                return opened;
            }
            if (!follow || !writer.stillWriting(FOLLOW_POLL_MILLIS)) {
                return null;
            }
        }
    }

    /**
     * Opens {@code path} and learns which file that is; null when nothing is there. A rotation only ever moves a
     * file away from a path, so when the path names the same file before and after the open, that file was opened.
     */
    private static KeyedChannel open(Path path) throws IOException {
        while (true) {
            Object before = fileKey(path);
            FileChannel ch;
            try {
                ch = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null;
            }
            if (before != null && before.equals(fileKey(path))) {
                return new KeyedChannel(ch, before);
            }
            ch.close();
        }
    }

    /** Turns bytes into entries, carrying a partial line from one read to the next. */
    private static final class Lines {
        private final LogOptions options;
        private final LogSink sink;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        private final CriLineParser parser = new CriLineParser();

        Lines(LogOptions options, LogSink sink) {
            this.options = options;
            this.sink = sink;
        }

        /**
         * Everything from the channel's position to its end, then a flush of the sink; false when the sink wants no
         * more.
         */
        boolean copy(FileChannel ch) throws IOException {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n <= 0) {
                    return sink.flush();
                }
                if (!emitLines(buf.array(), n)) {
                    return false;
                }
            }
        }

        private boolean emitLines(byte[] data, int length) {
            int from = 0;
            for (int i = 0; i < length; i++) {
                if (data[i] == '\n') {
                    LogEntry entry;
                    if (pending.size() == 0) {
                        entry = parser.parse(data, from, i, options.stdout(), options.stderr());
                    } else {
                        pending.write(data, from, i - from + 1);
                        byte[] line = pending.toByteArray();
                        pending.reset();
                        entry = parser.parse(line, 0, line.length - 1, options.stdout(), options.stderr());
                    }
                    from = i + 1;
                    if (entry != null && !sink.accept(entry)) {
                        return false;
                    }
                }
            }
            pending.write(data, from, length - from);
            return true;
        }
    }

    /**
     * Where the last {@code lines} lines begin, counting back from the end of {@code current} through the rotated
     * {@code files} (newest last): {@code [file index, offset]}, the index {@code files.size()} meaning current.
     */
    private static long[] startOfLastLines(List<Path> files, FileChannel current, int lines) throws IOException {
        int[] remaining = {lines};
        if (current != null) {
            long at = startOfLastLines(current, remaining);
            if (remaining[0] == 0) {
                return new long[] {files.size(), at};
            }
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            try (FileChannel ch = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
                long at = startOfLastLines(ch, remaining);
                if (remaining[0] == 0) {
                    return new long[] {i, at};
                }
            } catch (NoSuchFileException gone) {
                return new long[] {i + 1, 0};
            }
        }
        return new long[] {0, 0};
    }

    /**
     * The offset where the last {@code remaining[0]} complete lines of {@code ch} begin; when the file has fewer,
     * returns 0 and leaves in {@code remaining[0]} how many are still wanted from older files.
     */
    private static long startOfLastLines(FileChannel ch, int[] remaining) throws IOException {
        long size = ch.size();
        long pos = size;
        int newlines = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        boolean first = true;
        while (pos > 0) {
            int len = (int) Math.min(CHUNK, pos);
            pos -= len;
            buf.clear().limit(len);
            ch.read(buf, pos);
            for (int i = len - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    if (first && pos + i == size - 1) {
                        first = false;
                        continue;
                    }
                    first = false;
                    if (++newlines == remaining[0]) {
                        remaining[0] = 0;
                        return pos + i + 1;
                    }
                }
                first = false;
            }
        }
        // the first line of the file has no newline before it
        if (size > 0) {
            newlines++;
        }
        remaining[0] = Math.max(0, remaining[0] - newlines);
        return 0;
    }
}
