package io.isula.runtime.lxc;

import static io.isula.runtime.lxc.OciToLxc.table;
import static io.isula.runtime.lxc.OciToLxc.unsupported;
import static io.isula.runtime.lxc.OciToLxc.walk;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.runtime.lxc.OciToLxc.Rule;
import io.isula.runtime.lxc.OciToLxc.Work;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code linux.resources} as lxc cgroup keys: one file per controller of cgroup v1 ({@code lxc.cgroup.*}), or the
 * files of the unified v2 hierarchy ({@code lxc.cgroup2.*}), converted as runc converts them. A limit v2 has no file
 * for fails naming it.
 */
final class CgroupRules {
    private static final String V1 = "lxc.cgroup.";
    private static final String V2 = "lxc.cgroup2.";
    private static final long DEFAULT_CPU_PERIOD = 100_000;
    private static final Pattern V2_FILE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z0-9_.]+");

    private CgroupRules() {
    }

    static Map<String, Rule> v1() {
        return table(
                "devices", (Rule) (v, w) -> v.forEach(d -> device(V1, d, w)),
                "memory", (Rule) (v, w) -> walk("linux.resources.memory", v, table(
                        "limit", v1("memory.limit_in_bytes"),
                        "reservation", v1("memory.soft_limit_in_bytes"),
                        "swap", v1("memory.memsw.limit_in_bytes"),
                        "kernel", v1("memory.kmem.limit_in_bytes"),
                        "kernelTCP", v1("memory.kmem.tcp.limit_in_bytes"),
                        "swappiness", v1("memory.swappiness"),
                        "disableOOMKiller", (Rule) (x, y) -> y.config.add(V1 + "memory.oom_control", x.asBoolean() ? "1" : "0"),
                        "useHierarchy", (Rule) (x, y) -> y.config.add(V1 + "memory.use_hierarchy", x.asBoolean() ? "1" : "0")), w),
                "cpu", (Rule) (v, w) -> walk("linux.resources.cpu", v, table(
                        "shares", v1("cpu.shares"),
                        "quota", v1("cpu.cfs_quota_us"),
                        "period", v1("cpu.cfs_period_us"),
                        "realtimeRuntime", v1("cpu.rt_runtime_us"),
                        "realtimePeriod", v1("cpu.rt_period_us"),
                        "cpus", v1("cpuset.cpus"),
                        "mems", v1("cpuset.mems")), w),
                "pids", (Rule) (v, w) -> walk("linux.resources.pids", v, table(
                        "limit", (Rule) (x, y) -> y.config.add(V1 + "pids.max", pidsMax(x.asLong()))), w),
                "blockIO", (Rule) (v, w) -> walk("linux.resources.blockIO", v, table(
                        "weight", v1("blkio.weight"),
                        "leafWeight", v1("blkio.leaf_weight"),
                        "weightDevice", (Rule) (x, y) -> x.forEach(d -> y.config.add(V1 + "blkio.weight_device",
                                deviceNumbers(d) + " " + d.path("weight").asLong())),
                        "throttleReadBpsDevice", v1Throttle("blkio.throttle.read_bps_device"),
                        "throttleWriteBpsDevice", v1Throttle("blkio.throttle.write_bps_device"),
                        "throttleReadIOPSDevice", v1Throttle("blkio.throttle.read_iops_device"),
                        "throttleWriteIOPSDevice", v1Throttle("blkio.throttle.write_iops_device")), w),
                "hugepageLimits", (Rule) (v, w) -> v.forEach(h -> w.config.add(
                        V1 + "hugetlb." + h.path("pageSize").asText() + ".limit_in_bytes", h.path("limit").asText())),
                "network", (Rule) (v, w) -> unsupported("linux.resources.network", "lxc sets no net_cls/net_prio here"),
                "rdma", (Rule) (v, w) -> unsupported("linux.resources.rdma", "lxc sets no rdma limits here"),
                "unified", (Rule) (v, w) -> {
                    if (v.size() > 0) {
                        unsupported("linux.resources.unified", "the host runs cgroup v1");
                    }
                });
    }

    static Map<String, Rule> v2() {
        return table(
                "devices", (Rule) (v, w) -> v.forEach(d -> device(V2, d, w)),
                "memory", (Rule) CgroupRules::memoryV2,
                "cpu", (Rule) CgroupRules::cpuV2,
                "pids", (Rule) (v, w) -> walk("linux.resources.pids", v, table(
                        "limit", (Rule) (x, y) -> y.config.add(V2 + "pids.max", pidsMax(x.asLong()))), w),
                "blockIO", (Rule) (v, w) -> walk("linux.resources.blockIO", v, table(
                        "weight", (Rule) (x, y) -> {
                            if (x.asInt() > 0) {
                                y.config.add(V2 + "io.weight", "default " + ioWeight(x.asInt()));
                            }
                        },
                        "leafWeight", (Rule) (x, y) -> unsupported("linux.resources.blockIO.leafWeight",
                                "cgroup v2 has no leaf weight"),
                        "weightDevice", (Rule) (x, y) -> x.forEach(d -> y.config.add(V2 + "io.weight",
                                deviceNumbers(d) + " " + ioWeight(d.path("weight").asInt()))),
                        "throttleReadBpsDevice", v2Throttle("rbps"),
                        "throttleWriteBpsDevice", v2Throttle("wbps"),
                        "throttleReadIOPSDevice", v2Throttle("riops"),
                        "throttleWriteIOPSDevice", v2Throttle("wiops")), w),
                "hugepageLimits", (Rule) (v, w) -> v.forEach(h -> w.config.add(
                        V2 + "hugetlb." + h.path("pageSize").asText() + ".max", h.path("limit").asText())),
                "network", (Rule) (v, w) -> unsupported("linux.resources.network", "cgroup v2 has no net_cls/net_prio"),
                "rdma", (Rule) (v, w) -> unsupported("linux.resources.rdma", "lxc sets no rdma limits here"),
                "unified", (Rule) (v, w) -> v.fields().forEachRemaining(f -> {
                    if (!V2_FILE.matcher(f.getKey()).matches()) {
                        unsupported("linux.resources.unified", "'" + f.getKey() + "' is not a cgroup v2 file name");
                    }
                    w.config.add(V2 + f.getKey(), f.getValue().asText());
                }));
    }

    /** v2 swap is the swap alone, OCI's (as v1's memsw) memory and swap together. */
    private static void memoryV2(JsonNode v, Work w) {
        walk("linux.resources.memory", v, table(
                "limit", (Rule) (x, y) -> { },
                "reservation", (Rule) (x, y) -> y.config.add(V2 + "memory.low", x.asText()),
                "swap", (Rule) (x, y) -> { },
                "kernel", (Rule) (x, y) -> unsupported("linux.resources.memory.kernel",
                        "cgroup v2 has no kernel memory limit"),
                "kernelTCP", (Rule) (x, y) -> unsupported("linux.resources.memory.kernelTCP",
                        "cgroup v2 has no kernel TCP memory limit"),
                "swappiness", (Rule) (x, y) -> unsupported("linux.resources.memory.swappiness",
                        "cgroup v2 has no per-cgroup swappiness"),
                "disableOOMKiller", (Rule) (x, y) -> {
                    if (x.asBoolean()) {
                        unsupported("linux.resources.memory.disableOOMKiller", "cgroup v2 cannot turn the OOM killer off");
                    }
                },
                "useHierarchy", (Rule) (x, y) -> {
                    if (!x.asBoolean()) {
                        unsupported("linux.resources.memory.useHierarchy", "cgroup v2 is always hierarchical");
                    }
                }), w);
        long limit = v.path("limit").asLong(0);
        if (limit > 0) {
            w.config.add(V2 + "memory.max", Long.toString(limit));
        }
        if (v.hasNonNull("swap")) {
            w.config.add(V2 + "memory.swap.max", swapMax(limit, v.path("swap").asLong()));
        }
    }

    private static void cpuV2(JsonNode v, Work w) {
        walk("linux.resources.cpu", v, table(
                "shares", (Rule) (x, y) -> {
                    if (x.asLong() > 0) {
                        y.config.add(V2 + "cpu.weight", Long.toString(cpuWeight(x.asLong())));
                    }
                },
                "quota", (Rule) (x, y) -> { },
                "period", (Rule) (x, y) -> { },
                "realtimeRuntime", (Rule) (x, y) -> unsupported("linux.resources.cpu.realtimeRuntime",
                        "cgroup v2 has no real-time limits"),
                "realtimePeriod", (Rule) (x, y) -> unsupported("linux.resources.cpu.realtimePeriod",
                        "cgroup v2 has no real-time limits"),
                "cpus", (Rule) (x, y) -> y.config.add(V2 + "cpuset.cpus", x.asText()),
                "mems", (Rule) (x, y) -> y.config.add(V2 + "cpuset.mems", x.asText())), w);
        if (v.hasNonNull("quota") || v.hasNonNull("period")) {
            w.config.add(V2 + "cpu.max", cpuMax(v.path("quota").asLong(-1), v.path("period").asLong(0)));
        }
    }

    /** {@code cpu.max}: the quota ({@code max} when none) and the period, in microseconds. */
    static String cpuMax(long quota, long period) {
        return (quota > 0 ? Long.toString(quota) : "max") + " " + (period > 0 ? period : DEFAULT_CPU_PERIOD);
    }

    /** {@code memory.swap.max} from OCI's memory-and-swap total. */
    static String swapMax(long memoryLimit, long memoryAndSwap) {
        if (memoryAndSwap < 0) {
            return "max";
        }
        if (memoryLimit <= 0) {
            throw new UnsupportedOption("linux.resources.memory.swap", "cgroup v2 limits swap only beside a memory limit");
        }
        if (memoryAndSwap < memoryLimit) {
            throw new UnsupportedOption("linux.resources.memory.swap",
                    "memory and swap (" + memoryAndSwap + ") is below the memory limit (" + memoryLimit + ")");
        }
        return Long.toString(memoryAndSwap - memoryLimit);
    }

    /** cpu.shares (2..262144) onto cpu.weight (1..10000), as runc maps them. */
    static long cpuWeight(long shares) {
        long clamped = Math.max(2, Math.min(262_144, shares));
        return 1 + ((clamped - 2) * 9_999) / 262_142;
    }

    /** blkio.weight (10..1000) onto io.weight (1..10000), as runc maps them. */
    static int ioWeight(int blkioWeight) {
        int clamped = Math.max(10, Math.min(1_000, blkioWeight));
        return 1 + ((clamped - 10) * 9_999) / 990;
    }

    private static String pidsMax(long limit) {
        return limit > 0 ? Long.toString(limit) : "max";
    }

    private static Rule v1(String file) {
        return (v, w) -> w.config.add(V1 + file, v.asText());
    }

    private static Rule v1Throttle(String file) {
        return (v, w) -> v.forEach(d -> w.config.add(V1 + file, deviceNumbers(d) + " " + d.path("rate").asLong()));
    }

    private static Rule v2Throttle(String key) {
        return (v, w) -> v.forEach(d -> w.config.add(V2 + "io.max", deviceNumbers(d) + " " + key + "=" + d.path("rate").asLong()));
    }

    private static String deviceNumbers(JsonNode d) {
        return d.path("major").asLong() + ":" + d.path("minor").asLong();
    }

    /** A device rule; lxc takes the same syntax for v1's devices files and its v2 device program. */
    private static void device(String prefix, JsonNode d, Work w) {
        String type = d.path("type").asText("a");
        String access = d.path("access").asText("rwm");
        String rule = type.equals("a") && !d.has("major") && !d.has("minor") ? "a"
                : type + " " + number(d.path("major")) + ":" + number(d.path("minor")) + " " + access;
        w.config.add(prefix + (d.path("allow").asBoolean() ? "devices.allow" : "devices.deny"), rule);
    }

    private static String number(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asLong() < 0 ? "*" : n.asText();
    }
}
