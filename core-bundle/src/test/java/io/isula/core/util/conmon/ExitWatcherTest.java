package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitWatcherTest {
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> codes = new ConcurrentHashMap<>();

    private ExitWatcher watcher(Path... dirs) throws Exception {
        return new ExitWatcher(List.of(dirs), (id, exit) -> {
            reports.add(id);
            codes.put(id, exit.code());
        });
    }

    @Test
    void reportsAWatchedExitOnce(@TempDir Path dir) throws Exception {
        try (ExitWatcher w = watcher(dir)) {
            Path f = dir.resolve("c1");
            w.watch(f);
            writeAtomically(f, "3");
            await(() -> reports.size() == 1);
            Files.writeString(f, "4");
            Thread.sleep(300);
            assertEquals(List.of("c1"), reports);
            assertEquals(3, codes.get("c1"));
        }
    }

    @Test
    void waitsForContentOfAFileThatAppearsEmpty(@TempDir Path dir) throws Exception {
        try (ExitWatcher w = watcher(dir)) {
            Path f = dir.resolve("c2");
            w.watch(f);
            Files.createFile(f);
            Thread.sleep(200);
            assertTrue(reports.isEmpty());
            Files.writeString(f, "137\n");
            await(() -> reports.size() == 1);
            assertEquals(137, codes.get("c2"));
        }
    }

    @Test
    void ignoresContainersNobodyWatchesAndLeavesTheirFiles(@TempDir Path dir) throws Exception {
        try (ExitWatcher w = watcher(dir)) {
            Path f = dir.resolve("stranger");
            writeAtomically(f, "1");
            Thread.sleep(300);
            assertTrue(reports.isEmpty());
            assertTrue(Files.exists(f));
            // a later restore finds it
            w.watch(f);
            assertEquals(1, w.check(f).orElseThrow().code());
            assertEquals(List.of("stranger"), reports);
        }
    }

    @Test
    void unwatchedContainersAreNotReported(@TempDir Path dir) throws Exception {
        try (ExitWatcher w = watcher(dir)) {
            Path f = dir.resolve("c3");
            w.watch(f);
            w.unwatch(f);
            writeAtomically(f, "0");
            Thread.sleep(300);
            assertTrue(reports.isEmpty());
        }
    }

    @Test
    void aRaceBetweenCheckAndTheWatcherStillReportsOnce(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ExitWatcher w = watcher(dir)) {
            for (int i = 0; i < 50; i++) {
                Path f = dir.resolve("r" + i);
                w.watch(f);
                writeAtomically(f, Integer.toString(i));
                List<Future<?>> fs = List.of(pool.submit(() -> w.check(f)), pool.submit(() -> w.check(f)));
                for (Future<?> x : fs) {
                    x.get();
                }
            }
            await(() -> reports.size() >= 50);
            Thread.sleep(200);
            assertEquals(50, reports.size());
            assertEquals(50, reports.stream().distinct().count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void watchesSeveralDirsOnOneThread(@TempDir Path root) throws Exception {
        Path a = root.resolve("runc/.exits");
        Path b = root.resolve("crun/.exits");
        try (ExitWatcher w = watcher(a, b)) {
            w.watch(a.resolve("x"));
            w.watch(b.resolve("y"));
            writeAtomically(a.resolve("x"), "1");
            writeAtomically(b.resolve("y"), "2");
            await(() -> reports.size() == 2);
            assertEquals(Map.of("x", 1, "y", 2), codes);
        }
    }

    /** As conmon does it (g_file_set_contents): a temporary file renamed into place. */
    private static void writeAtomically(Path f, String content) throws Exception {
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
