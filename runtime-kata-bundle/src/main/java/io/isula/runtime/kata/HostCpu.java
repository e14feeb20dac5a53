package io.isula.runtime.kata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host's side of a stats reading: CPU time since boot, online CPUs, total memory. */
final class HostCpu {
    /** USER_HZ of /proc/stat on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    long systemNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    long ticks = 0;
                    String[] f = line.trim().split("\\s+");
                    for (int i = 1; i < Math.min(f.length, 8); i++) {
                        ticks += Long.parseLong(f[i]);
                    }
                    return ticks * NANOS_PER_TICK;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    int onlineCpus() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            int n = (int) lines.stream().filter(l -> l.matches("cpu[0-9]+ .*")).count();
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    long memoryTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
