package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStats;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.EngineException;
import io.isula.core.api.ListOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code isula stats}: CPU %, memory, block I/O and pids of running containers (all with {@code -a}), from two
 * readings a second apart, refreshed every second unless {@code --no-stream}; {@code --original} prints one reading's
 * raw counters. The layout is iSulad's.
 */
public final class StatsCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("stats", "[OPTIONS] [CONTAINER...]",
            "Display a live stream of container(s) resource usage statistics", 0, -1, "CONTAINER",
            Opt.flag('a', "all", "Show all containers (default shows just running)"),
            Opt.flag(Opt.NO_SHORT, "no-stream", "Disable streaming stats and only pull the first result"),
            Opt.flag(Opt.NO_SHORT, "original", "Display original data collected"));

    private static final String CLEAR = "\033[H\033[J";
    private static final long INTERVAL_MILLIS = 1000;

    boolean all;
    boolean noStream;
    boolean original;
    List<String> containers;

    public StatsCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        all = args.flag("all");
        noStream = args.flag("no-stream");
        original = args.flag("original");
        containers = args.positionals();
    }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        List<String> refs = containers.isEmpty() ? listed(engine) : containers;
        Map<String, ContainerStats> before = sample(engine, refs, !containers.isEmpty());
        if (original) {
            out().print(originalTable(before));
            return ExitCodes.OK;
        }
        while (true) {
            sleep();
            Map<String, ContainerStats> now = sample(engine, refs, !containers.isEmpty());
            if (!noStream) {
                out().print(CLEAR);
            }
            out().print(table(before, now));
            out().flush();
            if (noStream || out().checkError()) {
                return ExitCodes.OK;
            }
            before = now;
        }
    }

    private List<String> listed(ContainerEngine engine) {
        List<String> ids = new ArrayList<>();
        for (ContainerSummary s : engine.list(all ? ListOptions.everything() : ListOptions.running())) {
            ids.add(s.id());
        }
        return ids;
    }

    /** One reading per container; a stopped one (or, unless named, one gone meanwhile) reads as zeros. */
    private static Map<String, ContainerStats> sample(ContainerEngine engine, List<String> refs, boolean named) {
        Map<String, ContainerStats> m = new LinkedHashMap<>();
        for (String ref : refs) {
            try {
                m.put(ref, engine.stats(ref));
            } catch (EngineException e) {
                if (named && e.kind() == EngineException.Kind.NOT_FOUND) {
                    throw e;
                }
                m.put(ref, null);
            }
        }
        return m;
    }

    static String table(Map<String, ContainerStats> before, Map<String, ContainerStats> now) {
        StringBuilder b = new StringBuilder(String.format("%-16s %-10s %-26s %-10s %-26s %-10s%n", "CONTAINER", "CPU %",
                "MEM USAGE / LIMIT", "MEM %", "BLOCK I / O", "PIDS"));
        for (Map.Entry<String, ContainerStats> e : now.entrySet()) {
            ContainerStats s = e.getValue();
            ContainerStats p = before.get(e.getKey());
            String id = s != null ? s.id() : e.getKey();
            if (s == null) {
                b.append(String.format("%-16s %-10.2f %-26s %-10.2f %-26s %-10d%n", shortId(id), 0.0,
                        humanize(0) + " / " + humanize(0), 0.0, humanize(0) + " / " + humanize(0), 0));
                continue;
            }
            double cpu = 0;
            if (p != null) {
                long dSys = s.systemCpuNanos() - p.systemCpuNanos();
                long dCpu = s.cpuUsageNanos() - p.cpuUsageNanos();
                if (dSys > 0 && dCpu > 0 && s.onlineCpus() > 0) {
                    cpu = (double) dCpu / dSys * s.onlineCpus() * 100;
                }
            }
            long used = s.workingSet();
            double memPercent = s.memoryLimit() > 0 ? (double) used / s.memoryLimit() * 100 : 0;
            b.append(String.format("%-16s %-10.2f %-26s %-10.2f %-26s %-10d%n", shortId(s.id()), cpu,
                    humanize(used) + " / " + humanize(s.memoryLimit()), memPercent,
                    humanize(s.blkioRead()) + " / " + humanize(s.blkioWrite()), s.pids()));
        }
        return b.toString();
    }

    static String originalTable(Map<String, ContainerStats> readings) {
        StringBuilder b = new StringBuilder(String.format(
                "%-16s %-10s %-10s %-20s %-20s %-15s %-15s %-15s %-15s %-15s %-15s %-15s %-40s%n", "ID", "PIDS", "Status",
                "CpuUseNanos", "CpuSystemUse", "OnlineCpus", "BlkioRead", "BlkioWrite", "MemUsed", "MemLimit", "KmemUsed",
                "CacheUsage", "NAME"));
        for (Map.Entry<String, ContainerStats> e : readings.entrySet()) {
            ContainerStats s = e.getValue();
            if (s == null) {
                continue;
            }
            b.append(String.format("%-16s %-10d %-10s %-20d %-20d %-15d %-15d %-15d %-15d %-15d %-15d %-15d %-40s%n",
                    shortId(s.id()), s.pids(), s.status(), s.cpuUsageNanos(), s.systemCpuNanos(), s.onlineCpus(),
                    s.blkioRead(), s.blkioWrite(), s.memoryUsage(), s.memoryLimit(), s.kernelMemoryUsage(),
                    s.memoryCache(), s.name()));
        }
        return b.toString();
    }

    /** iSulad's sizes: binary units with two decimals ("1.50 MiB", "12.00 B"). */
    static String humanize(long v) {
        if (v > 1L << 30) {
            return String.format("%d.%02d GiB", v >> 30, (v & ((1L << 30) - 1)) / 10737419);
        }
        if (v > 1L << 20) {
            long x = v + 5243;
            return String.format("%d.%02d MiB", x >> 20, ((x & ((1L << 20) - 1)) * 100) >> 20);
        }
        if (v > 1L << 10) {
            long x = v + 5;
            return String.format("%d.%02d KiB", x >> 10, ((x & ((1L << 10) - 1)) * 100) >> 10);
        }
        return v + ".00 B";
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static void sleep() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
