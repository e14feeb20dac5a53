package io.isula.core.util.cgroup;

import io.isula.core.spi.ResourceUsage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's counters read from the cgroups of its init process ({@code /proc/PID/cgroup}): cgroup v1 (cpuacct,
 * memory, blkio, pids) where those controllers are mounted, else the unified v2 hierarchy. Missing files count 0.
 */
public final class CgroupStats {
    /** v1's "no limit" is a huge page-aligned number. */
    private static final long UNLIMITED = Long.MAX_VALUE / 2;
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

    private final Path proc;
    private final Path cgroupRoot;

    public CgroupStats(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    public CgroupStats() {
        this(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    public ResourceUsage read(int pid) throws IOException {
        Map<String, Path> dirs = new HashMap<>();
        String unified = null;
        for (String line : Files.readAllLines(proc.resolve(pid + "/cgroup"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String rel = f[2].startsWith("/") ? f[2].substring(1) : f[2];
            if (f[1].isEmpty()) {
                unified = rel;
                continue;
            }
            for (String controller : f[1].split(",")) {
                Path combined = cgroupRoot.resolve(f[1]).resolve(rel);
                dirs.put(controller, Files.isDirectory(combined) ? combined : cgroupRoot.resolve(controller).resolve(rel));
            }
        }
        long[] system = systemCpu();
        if (dirs.containsKey("memory") && Files.isDirectory(dirs.get("memory"))) {
            return v1(dirs, system);
        }
        Path v2 = unified == null ? null : v2Dir(unified);
        if (v2 == null) {
            throw new IOException("no cgroup of process " + pid + " holds its counters");
        }
        return v2(v2, system);
    }

    private ResourceUsage v1(Map<String, Path> d, long[] system) throws IOException {
        Path cpu = d.get("cpuacct");
        Path mem = d.get("memory");
        Path blkio = d.get("blkio");
        Path pids = d.get("pids");
        Map<String, Long> cpuStat = keyed(cpu, "cpuacct.stat");
        Map<String, Long> memStat = keyed(mem, "memory.stat");
        long limit = number(mem, "memory.limit_in_bytes");
        long[] io = blkio(blkio);
        long pidsMax = number(pids, "pids.max");
        return new ResourceUsage(Instant.now(), number(cpu, "cpuacct.usage"),
                cpuStat.getOrDefault("system", 0L) * NANOS_PER_TICK, cpuStat.getOrDefault("user", 0L) * NANOS_PER_TICK,
                system[0], (int) system[1], number(mem, "memory.usage_in_bytes"), number(mem, "memory.max_usage_in_bytes"),
                limit <= 0 || limit >= UNLIMITED ? hostMemory() : limit,
                memStat.getOrDefault("total_cache", memStat.getOrDefault("cache", 0L)),
                memStat.getOrDefault("total_inactive_file", memStat.getOrDefault("inactive_file", 0L)),
                number(mem, "memory.kmem.usage_in_bytes"), io[0], io[1], number(pids, "pids.current"),
                pidsMax >= UNLIMITED ? 0 : pidsMax);
    }

    private ResourceUsage v2(Path dir, long[] system) throws IOException {
        Map<String, Long> cpu = keyed(dir, "cpu.stat");
        Map<String, Long> mem = keyed(dir, "memory.stat");
        long limit = number(dir, "memory.max");
        long pidsMax = number(dir, "pids.max");
        long read = 0;
        long write = 0;
        for (String line : lines(dir, "io.stat")) {
            for (String kv : line.split(" ")) {
                if (kv.startsWith("rbytes=")) {
                    read += Long.parseLong(kv.substring(7));
                } else if (kv.startsWith("wbytes=")) {
                    write += Long.parseLong(kv.substring(7));
                }
            }
        }
        return new ResourceUsage(Instant.now(), cpu.getOrDefault("usage_usec", 0L) * 1000,
                cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000, system[0],
                (int) system[1], number(dir, "memory.current"), number(dir, "memory.peak"),
                limit <= 0 ? hostMemory() : limit, mem.getOrDefault("file", 0L), mem.getOrDefault("inactive_file", 0L),
                mem.getOrDefault("kernel", 0L), read, write, number(dir, "pids.current"), pidsMax);
    }

    private Path v2Dir(String rel) {
        for (Path base : List.of(cgroupRoot, cgroupRoot.resolve("unified"))) {
            Path p = base.resolve(rel);
            if (Files.exists(p.resolve("cgroup.procs")) && Files.exists(p.resolve("memory.current"))) {
                return p;
            }
        }
        return null;
    }

    /** Bytes read and written, from the throttle layer (which counts every block device) or the CFQ/BFQ one. */
    private static long[] blkio(Path dir) throws IOException {
        long read = 0;
        long write = 0;
        for (String file : List.of("blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes",
                "blkio.io_service_bytes_recursive")) {
            List<String> lines = lines(dir, file);
            if (lines.isEmpty()) {
                continue;
            }
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].contains(":")) {
                    if (f[1].equalsIgnoreCase("read")) {
                        read += parse(f[2]);
                    } else if (f[1].equalsIgnoreCase("write")) {
                        write += parse(f[2]);
                    }
                }
            }
            return new long[] {read, write};
        }
        return new long[] {0, 0};
    }

    /** The host's CPU time since boot in ns (all fields of /proc/stat's "cpu" line) and its online CPUs. */
    private long[] systemCpu() throws IOException {
        long total = 0;
        int cpus = 0;
        for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += parse(f[i]);
                }
            } else if (line.startsWith("cpu")) {
                cpus++;
            }
        }
        return new long[] {total * NANOS_PER_TICK, cpus};
    }

    private long hostMemory() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("meminfo"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("MemTotal:")) {
                return parse(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static long number(Path dir, String file) throws IOException {
        List<String> l = lines(dir, file);
        if (l.isEmpty()) {
            return 0;
        }
        String v = l.get(0).trim();
        return v.equals("max") ? Long.MAX_VALUE : parse(v);
    }

    private static Map<String, Long> keyed(Path dir, String file) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : lines(dir, file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                m.put(f[0], parse(f[1]));
            }
        }
        return m;
    }

    private static List<String> lines(Path dir, String file) throws IOException {
        if (dir == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(dir.resolve(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
