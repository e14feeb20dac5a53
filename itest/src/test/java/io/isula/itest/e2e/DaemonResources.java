package io.isula.itest.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The daemon's threads and open file descriptors, from /proc (to find leaks). Thread names are the kernel's (first 15
 * characters).
 */
record DaemonResources(List<String> threadNames, int fds) {
    static DaemonResources of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (Stream<Path> tasks = Files.list(proc.resolve("task")); Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            List<String> names = tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(n -> !n.isEmpty()).sorted().toList();
            return new DaemonResources(names, (int) fds.count());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + proc + ": " + e, e);
        }
    }

    int threads() {
        return threadNames.size();
    }

    /** Threads whose name starts with {@code prefix}. */
    long threads(String prefix) {
        return threadNames.stream().filter(n -> n.startsWith(prefix)).count();
    }
}
