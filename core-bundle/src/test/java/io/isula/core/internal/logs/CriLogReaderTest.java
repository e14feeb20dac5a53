package io.isula.core.internal.logs;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CriLogReaderTest {
    private final CriLogReader reader = new CriLogReader();

    private static String line(int i, String stream) {
        return "2026-01-01T00:00:0" + (i % 10) + ".123456789Z " + stream + " F line" + i + "\n";
    }

    private static Path log(Path dir, int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(line(i, i % 2 == 0 ? "stdout" : "stderr"));
        }
        return Files.writeString(dir.resolve("console.log"), b.toString());
    }

    private List<String> read(Path log, LogOptions o) throws Exception {
        List<String> out = new ArrayList<>();
        reader.read(log, o, ms -> false, e -> out.add(e.text()));
        return out;
    }

    @Test
    void tailCountsFromTheEnd(@TempDir Path dir) throws Exception {
        Path log = log(dir, 10);
        assertEquals(List.of("line7\n", "line8\n", "line9\n"), read(log, new LogOptions(false, 3, false, true, true)));
        assertEquals(10, read(log, new LogOptions(false, -1, false, true, true)).size());
        assertEquals(10, read(log, new LogOptions(false, 50, false, true, true)).size());
        assertEquals(List.of(), read(log, new LogOptions(false, 0, false, true, true)));
        assertEquals(5, read(log, new LogOptions(false, -1, false, true, false)).size());
    }

    @Test
    void followStreamsNewLinesUntilTheContainerStops(@TempDir Path dir) throws Exception {
        Path log = log(dir, 2);
        AtomicBoolean active = new AtomicBoolean(true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> follow = CompletableFuture.runAsync(() -> {
            try {
                reader.read(log, new LogOptions(true, -1, false, true, true), ms -> {
                    if (!active.get()) {
                        return false;
                    }
                    Thread.sleep(ms);
                    return true;
                }, e -> seen.add(e.text()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Files.writeString(log, line(5, "stdout"), StandardOpenOption.APPEND);
        long deadline = System.currentTimeMillis() + 5000;
        while (seen.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(3, seen.size());
        Files.writeString(log, line(6, "stdout"), StandardOpenOption.APPEND);
        active.set(false);
        follow.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("line0\n", "line1\n", "line5\n", "line6\n"), seen);
    }

    @Test
    void aSinkThatRefusesStopsTheStream(@TempDir Path dir) throws Exception {
        Path log = log(dir, 10);
        List<String> seen = new ArrayList<>();
        reader.read(log, new LogOptions(true, -1, false, true, true), ms -> true, e -> {
            seen.add(e.text());
            return seen.size() < 4;
        });
        assertEquals(4, seen.size());
    }

    @Test
    void missingLogIsEmpty(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), read(dir.resolve("none.log"), LogOptions.all()));
    }

    /** console.log.2 (oldest), console.log.1, console.log: lines 0-3, 4-7, 8-9. */
    private static Path rotatedLogs(Path dir) throws IOException {
        StringBuilder[] parts = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (int i = 0; i < 10; i++) {
            parts[i < 4 ? 0 : i < 8 ? 1 : 2].append(line(i, "stdout"));
        }
        Files.writeString(dir.resolve("console.log.2"), parts[0]);
        Files.writeString(dir.resolve("console.log.1"), parts[1]);
        return Files.writeString(dir.resolve("console.log"), parts[2]);
    }

    @Test
    void readsRotatedFilesOldestFirstAndTailsAcrossThem(@TempDir Path dir) throws Exception {
        Path log = rotatedLogs(dir);
        List<String> all = read(log, LogOptions.all());
        assertEquals(10, all.size());
        assertEquals("line0\n", all.get(0));
        assertEquals("line9\n", all.get(9));
        assertEquals(List.of("line7\n", "line8\n", "line9\n"), read(log, new LogOptions(false, 3, false, true, true)));
        assertEquals(List.of("line3\n", "line4\n", "line5\n", "line6\n", "line7\n", "line8\n", "line9\n"),
                read(log, new LogOptions(false, 7, false, true, true)));
        assertEquals(10, read(log, new LogOptions(false, 40, false, true, true)).size());
        assertEquals(List.of(), read(log, new LogOptions(false, 0, false, true, true)));
    }

    @Test
    void tailZeroWithFollowShowsOnlyNewLines(@TempDir Path dir) throws Exception {
        Path log = log(dir, 3);
        AtomicBoolean active = new AtomicBoolean(true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> follow = CompletableFuture.runAsync(() -> {
            try {
                reader.read(log, new LogOptions(true, 0, false, true, true), ms -> {
                    Thread.sleep(ms);
                    return active.get();
                }, e -> seen.add(e.text()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        Files.writeString(log, line(7, "stdout"), StandardOpenOption.APPEND);
        long deadline = System.currentTimeMillis() + 5000;
        while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        active.set(false);
        follow.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("line7\n"), seen);
    }

    /** A writer that appends and rotates (rename, then a new file, as conmon's reopen does) loses no line to a follower. */
    @Test
    void followGoesOnAcrossRotationsWithoutLosingALine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.log");
        Files.writeString(log, "");
        AtomicBoolean active = new AtomicBoolean(true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> follow = follow(log, active, seen, Long.MAX_VALUE);
        int lines = 600;
        int written = 0;
        java.io.OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND);
        for (int i = 0; i < lines; i++) {
            out.write(line(i, "stdout").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            written++;
            out.flush();
            if (i == 0) {
                awaitSeen(seen, 1); // the follower runs before the first rotation
            }
            if (i % 50 == 49) {
                // the follower is to keep pace with the rotations (one that falls four files behind loses the oldest,
                // with any runtime): on a loaded machine the writer would outrun the reader's thread, so it waits until
                // the reader has read all but the file being written
                awaitSeen(seen, written - 50);
                // rotate as the runtime does (older files move up, four kept): the old file moves away, the writer
                // keeps writing to it a little, then reopens
                for (int k = 3; k >= 1; k--) {
                    Path from = dir.resolve("console.log." + k);
                    if (Files.exists(from)) {
                        Files.move(from, dir.resolve("console.log." + (k + 1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.move(log, dir.resolve("console.log.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                out.write(line(++i, "stdout").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                written++;
                out.close();
                out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (i % 7 == 0) {
                Thread.sleep(2);
            }
        }
        out.close();
        long deadline = System.currentTimeMillis() + 10000;
        int total = written;
        while (seen.size() < total && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        active.set(false);
        follow.get(5, TimeUnit.SECONDS);
        assertEquals(written, seen.size());
        for (int i = 0; i < written; i++) {
            assertEquals("line" + i + "\n", seen.get(i));
        }
    }

    @Test
    void followFindsEveryFileOfRotationsThatOutrunIt(@TempDir Path dir) throws Exception {
        // rotations here keep every file, so a follower that falls behind still finds each one: any line missing or
        // out of order is the follower's fault (it took a file for the one after its own while a rotation moved them)
        Path log = dir.resolve("console.log");
        Files.writeString(log, "");
        AtomicBoolean active = new AtomicBoolean(true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> follow = follow(log, active, seen, 1);
        int lines = 1500;
        int perFile = 10;
        int rotations = 0;
        for (int i = 0; i < lines; i++) {
            Files.writeString(log, line(i, "stdout"), StandardOpenOption.APPEND);
            if (i == 0) {
                awaitSeen(seen, 1);
            }
            if (i % perFile == perFile - 1) {
                for (int k = rotations; k >= 1; k--) {
                    Files.move(dir.resolve("console.log." + k), dir.resolve("console.log." + (k + 1)));
                }
                Files.move(log, dir.resolve("console.log.1"));
                Files.writeString(log, "");
                rotations++;
            }
        }
        awaitSeen(seen, lines);
        active.set(false);
        follow.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < lines; i++) {
            assertEquals("line" + i + "\n", seen.get(i), "line " + i + " of " + seen.size() + " seen");
        }
        assertEquals(lines, seen.size());
    }

    /** Follows {@code log} into {@code seen} on a thread of its own while {@code active}. */
    private CompletableFuture<Void> follow(Path log, AtomicBoolean active, List<String> seen, long pollMillis) {
        return CompletableFuture.runAsync(() -> {
            try {
                reader.read(log, new LogOptions(true, -1, false, true, true), ms -> {
                    Thread.sleep(Math.min(ms, pollMillis));
                    return active.get();
                }, e -> seen.add(e.text()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitSeen(List<String> seen, int lines) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (seen.size() < lines) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the follower saw " + seen.size() + " lines in 10 s, " + lines + " expected");
            }
            Thread.sleep(5);
        }
    }
}
