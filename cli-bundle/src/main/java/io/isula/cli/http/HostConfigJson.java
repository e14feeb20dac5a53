package io.isula.cli.http;

import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HealthState;
import io.isula.core.api.HostConfig;
import io.isula.core.api.Volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.isula.cli.http.ApiJson.asObject;
import static io.isula.cli.http.ApiJson.bool;
import static io.isula.cli.http.ApiJson.num;
import static io.isula.cli.http.ApiJson.obj;
import static io.isula.cli.http.ApiJson.str;
import static io.isula.cli.http.ApiJson.stringMap;
import static io.isula.cli.http.ApiJson.strings;

/**
 * {@link HostConfig} and the other records of container configuration (health check and health state, update,
 * volumes) to and from {@link MiniJson} trees, with their {@code @JsonProperty} keys, as {@link ApiJson} does for the
 * rest: null fields are left out, absent numbers are 0 (null for the boxed ones).
 */
public final class HostConfigJson {
    private HostConfigJson() {
    }

    public static Map<String, Object> tree(HostConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "Runtime", h.runtime());
        m.put("AutoRemove", h.autoRemove());
        put(m, "ExternalRootfs", h.externalRootfs());
        put(m, "NetworkMode", h.networkMode());
        if (h.restartPolicy() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            put(r, "Name", h.restartPolicy().name());
            r.put("MaximumRetryCount", h.restartPolicy().maximumRetryCount());
            m.put("RestartPolicy", r);
        }
        put(m, "Binds", h.binds());
        if (h.mounts() != null) {
            List<Object> mounts = new ArrayList<>();
            for (HostConfig.Mount x : h.mounts()) {
                Map<String, Object> o = new LinkedHashMap<>();
                put(o, "Type", x.type());
                put(o, "Source", x.source());
                put(o, "Target", x.target());
                o.put("ReadOnly", x.readOnly());
                if (x.bindOptions() != null) {
                    Map<String, Object> b = new LinkedHashMap<>();
                    put(b, "Propagation", x.bindOptions().propagation());
                    o.put("BindOptions", b);
                }
                if (x.volumeOptions() != null) {
                    o.put("VolumeOptions", new LinkedHashMap<>(Map.of("NoCopy", x.volumeOptions().noCopy())));
                }
                if (x.tmpfsOptions() != null) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("SizeBytes", x.tmpfsOptions().sizeBytes());
                    t.put("Mode", x.tmpfsOptions().mode());
                    o.put("TmpfsOptions", t);
                }
                mounts.add(o);
            }
            m.put("Mounts", mounts);
        }
        put(m, "Tmpfs", h.tmpfs());
        put(m, "VolumesFrom", h.volumesFrom());
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("ShmSize", h.shmSize());
        if (h.devices() != null) {
            List<Object> devices = new ArrayList<>();
            for (HostConfig.DeviceMapping d : h.devices()) {
                Map<String, Object> o = new LinkedHashMap<>();
                put(o, "PathOnHost", d.pathOnHost());
                put(o, "PathInContainer", d.pathInContainer());
                put(o, "CgroupPermissions", d.cgroupPermissions());
                devices.add(o);
            }
            m.put("Devices", devices);
        }
        m.put("Memory", h.memory());
        m.put("MemorySwap", h.memorySwap());
        m.put("MemoryReservation", h.memoryReservation());
        put(m, "MemorySwappiness", h.memorySwappiness());
        m.put("CpuShares", h.cpuShares());
        m.put("CpuPeriod", h.cpuPeriod());
        m.put("CpuQuota", h.cpuQuota());
        m.put("NanoCpus", h.nanoCpus());
        put(m, "CpusetCpus", h.cpusetCpus());
        put(m, "CpusetMems", h.cpusetMems());
        put(m, "PidsLimit", h.pidsLimit());
        m.put("BlkioWeight", h.blkioWeight());
        if (h.hugetlbs() != null) {
            List<Object> huge = new ArrayList<>();
            for (HostConfig.Hugetlb l : h.hugetlbs()) {
                Map<String, Object> o = new LinkedHashMap<>();
                put(o, "PageSize", l.pageSize());
                o.put("Limit", l.limit());
                huge.add(o);
            }
            m.put("Hugetlbs", huge);
        }
        if (h.ulimits() != null) {
            List<Object> ulimits = new ArrayList<>();
            for (HostConfig.Ulimit u : h.ulimits()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("Name", u.name());
                o.put("Soft", u.soft());
                o.put("Hard", u.hard());
                ulimits.add(o);
            }
            m.put("Ulimits", ulimits);
        }
        put(m, "CgroupParent", h.cgroupParent());
        put(m, "OomKillDisable", h.oomKillDisable());
        m.put("OomScoreAdj", h.oomScoreAdj());
        m.put("Privileged", h.privileged());
        put(m, "CapAdd", h.capAdd());
        put(m, "CapDrop", h.capDrop());
        put(m, "SecurityOpt", h.securityOpt());
        put(m, "Sysctls", h.sysctls());
        put(m, "GroupAdd", h.groupAdd());
        put(m, "HookSpec", h.hookSpec());
        put(m, "Dns", h.dns());
        put(m, "DnsOptions", h.dnsOptions());
        put(m, "DnsSearch", h.dnsSearch());
        put(m, "ExtraHosts", h.extraHosts());
        if (h.logConfig() != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            put(l, "Type", h.logConfig().type());
            if (h.logConfig().config() != null) {
                l.put("Config", new LinkedHashMap<String, Object>(h.logConfig().config()));
            }
            m.put("LogConfig", l);
        }
        return m;
    }

    public static HostConfig hostConfig(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> r = obj(m, "RestartPolicy");
        Map<String, Object> l = obj(m, "LogConfig");
        return HostConfig.builder()
                .runtime(str(m, "Runtime"))
                .autoRemove(bool(m, "AutoRemove"))
                .externalRootfs(str(m, "ExternalRootfs"))
                .networkMode(str(m, "NetworkMode"))
                .restartPolicy(r == null ? null
                        : new HostConfig.RestartPolicy(str(r, "Name"), (int) num(r, "MaximumRetryCount")))
                .binds(strings(m, "Binds"))
                .mounts(mounts(m))
                .tmpfs(stringMap(m, "Tmpfs"))
                .volumesFrom(strings(m, "VolumesFrom"))
                .readonlyRootfs(bool(m, "ReadonlyRootfs"))
                .shmSize(num(m, "ShmSize"))
                .devices(devices(m))
                .memory(num(m, "Memory"))
                .memorySwap(num(m, "MemorySwap"))
                .memoryReservation(num(m, "MemoryReservation"))
                .memorySwappiness(boxed(m, "MemorySwappiness"))
                .cpuShares(num(m, "CpuShares"))
                .cpuPeriod(num(m, "CpuPeriod"))
                .cpuQuota(num(m, "CpuQuota"))
                .nanoCpus(num(m, "NanoCpus"))
                .cpusetCpus(str(m, "CpusetCpus"))
                .cpusetMems(str(m, "CpusetMems"))
                .pidsLimit(boxed(m, "PidsLimit"))
                .blkioWeight((int) num(m, "BlkioWeight"))
                .hugetlbs(hugetlbs(m))
                .ulimits(ulimits(m))
                .cgroupParent(str(m, "CgroupParent"))
                .oomKillDisable(m.get("OomKillDisable") == null ? null : bool(m, "OomKillDisable"))
                .oomScoreAdj((int) num(m, "OomScoreAdj"))
                .privileged(bool(m, "Privileged"))
                .capAdd(strings(m, "CapAdd"))
                .capDrop(strings(m, "CapDrop"))
                .securityOpt(strings(m, "SecurityOpt"))
                .sysctls(stringMap(m, "Sysctls"))
                .groupAdd(strings(m, "GroupAdd"))
                .hookSpec(str(m, "HookSpec"))
                .dns(strings(m, "Dns"))
                .dnsOptions(strings(m, "DnsOptions"))
                .dnsSearch(strings(m, "DnsSearch"))
                .extraHosts(strings(m, "ExtraHosts"))
                .logConfig(l == null ? null : new HostConfig.LogConfig(str(l, "Type"), stringMap(l, "Config")))
                .build();
    }

    private static List<HostConfig.Mount> mounts(Map<String, Object> m) {
        List<Object> l = ApiJson.list(m, "Mounts");
        if (l == null) {
            return null;
        }
        List<HostConfig.Mount> out = new ArrayList<>();
        for (Object o : l) {
            Map<String, Object> x = asObject(o, "Mounts");
            Map<String, Object> b = obj(x, "BindOptions");
            Map<String, Object> v = obj(x, "VolumeOptions");
            Map<String, Object> t = obj(x, "TmpfsOptions");
            out.add(new HostConfig.Mount(str(x, "Type"), str(x, "Source"), str(x, "Target"), bool(x, "ReadOnly"),
                    b == null ? null : new HostConfig.BindOptions(str(b, "Propagation")),
                    v == null ? null : new HostConfig.VolumeOptions(bool(v, "NoCopy")),
                    t == null ? null : new HostConfig.TmpfsOptions(num(t, "SizeBytes"), (int) num(t, "Mode"))));
        }
        return out;
    }

    private static List<HostConfig.DeviceMapping> devices(Map<String, Object> m) {
        List<Object> l = ApiJson.list(m, "Devices");
        if (l == null) {
            return null;
        }
        List<HostConfig.DeviceMapping> out = new ArrayList<>();
        for (Object o : l) {
            Map<String, Object> d = asObject(o, "Devices");
            out.add(new HostConfig.DeviceMapping(str(d, "PathOnHost"), str(d, "PathInContainer"),
                    str(d, "CgroupPermissions")));
        }
        return out;
    }

    private static List<HostConfig.Hugetlb> hugetlbs(Map<String, Object> m) {
        List<Object> l = ApiJson.list(m, "Hugetlbs");
        if (l == null) {
            return null;
        }
        List<HostConfig.Hugetlb> out = new ArrayList<>();
        for (Object o : l) {
            Map<String, Object> h = asObject(o, "Hugetlbs");
            out.add(new HostConfig.Hugetlb(str(h, "PageSize"), num(h, "Limit")));
        }
        return out;
    }

    private static List<HostConfig.Ulimit> ulimits(Map<String, Object> m) {
        List<Object> l = ApiJson.list(m, "Ulimits");
        if (l == null) {
            return null;
        }
        List<HostConfig.Ulimit> out = new ArrayList<>();
        for (Object o : l) {
            Map<String, Object> u = asObject(o, "Ulimits");
            out.add(new HostConfig.Ulimit(str(u, "Name"), num(u, "Soft"), num(u, "Hard")));
        }
        return out;
    }

    public static Map<String, Object> tree(HealthConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "Test", h.test());
        m.put("Interval", h.interval());
        m.put("Timeout", h.timeout());
        m.put("StartPeriod", h.startPeriod());
        m.put("Retries", h.retries());
        m.put("ExitOnUnhealthy", h.exitOnUnhealthy());
        return m;
    }

    public static HealthConfig health(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        return new HealthConfig(strings(m, "Test"), num(m, "Interval"), num(m, "Timeout"), num(m, "StartPeriod"),
                (int) num(m, "Retries"), bool(m, "ExitOnUnhealthy"));
    }

    public static Map<String, Object> tree(HealthState h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", h.status());
        m.put("FailingStreak", h.failingStreak());
        List<Object> log = new ArrayList<>();
        if (h.log() != null) {
            for (HealthState.Probe p : h.log()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("Start", p.start());
                o.put("End", p.end());
                o.put("ExitCode", p.exitCode());
                o.put("Output", p.output());
                log.add(o);
            }
        }
        m.put("Log", log);
        return m;
    }

    public static HealthState healthState(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        List<HealthState.Probe> log = new ArrayList<>();
        List<Object> l = ApiJson.list(m, "Log");
        if (l != null) {
            for (Object o : l) {
                Map<String, Object> p = asObject(o, "Log");
                log.add(new HealthState.Probe(str(p, "Start"), str(p, "End"), (int) num(p, "ExitCode"),
                        str(p, "Output")));
            }
        }
        return new HealthState(str(m, "Status"), (int) num(m, "FailingStreak"), log);
    }

    public static Map<String, Object> tree(ContainerUpdate u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CpuShares", u.cpuShares());
        m.put("CpuPeriod", u.cpuPeriod());
        m.put("CpuQuota", u.cpuQuota());
        m.put("NanoCpus", u.nanoCpus());
        put(m, "CpusetCpus", u.cpusetCpus());
        put(m, "CpusetMems", u.cpusetMems());
        m.put("Memory", u.memory());
        m.put("MemorySwap", u.memorySwap());
        m.put("MemoryReservation", u.memoryReservation());
        m.put("KernelMemory", u.kernelMemory());
        m.put("BlkioWeight", u.blkioWeight());
        put(m, "PidsLimit", u.pidsLimit());
        if (u.restartPolicy() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            put(r, "Name", u.restartPolicy().name());
            r.put("MaximumRetryCount", u.restartPolicy().maximumRetryCount());
            m.put("RestartPolicy", r);
        }
        return m;
    }

    /** A {@code GET /volumes} answer: {@code {"Volumes": [...], "Warnings": [...]}}. */
    public static List<Volume> volumes(Map<String, Object> answer) {
        List<Volume> out = new ArrayList<>();
        List<Object> l = ApiJson.list(answer, "Volumes");
        if (l == null) {
            return out;
        }
        for (Object o : l) {
            Map<String, Object> v = asObject(o, "Volumes");
            out.add(new Volume(str(v, "Name"), str(v, "Driver"), str(v, "Mountpoint"), str(v, "CreatedAt"),
                    str(v, "Scope"), stringMap(v, "Labels")));
        }
        return out;
    }

    private static Long boxed(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : num(m, key);
    }

    private static void put(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
