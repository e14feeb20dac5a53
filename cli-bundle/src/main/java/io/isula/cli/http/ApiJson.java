package io.isula.cli.http;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerState;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.ContainerStats;
import io.isula.core.api.HostConfig;
import io.isula.core.api.VersionInfo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker Engine API records ({@code io.isula.core.api}) to and from {@link MiniJson} trees, by hand, with
 * the keys of their {@code @JsonProperty} annotations and Jackson's conventions: {@code NON_NULL} records omit
 * null fields, unknown keys are ignored, a scalar where a string is expected becomes its text, a missing
 * number is 0, a single string where a list is expected is a list of one. A value of the wrong shape is an
 * {@link IllegalArgumentException} naming the key.
 */
public final class ApiJson {
    private ApiJson() {
    }

    // ---------------------------------------------------------------- records to trees

    /** {@code ContainerConfig} ({@code NON_NULL}): the body of {@code POST /containers/create}. */
    public static Map<String, Object> tree(ContainerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        putNonNull(m, "Hostname", c.hostname());
        putNonNull(m, "User", c.user());
        putNonNull(m, "Env", c.env());
        putNonNull(m, "Cmd", c.cmd());
        putNonNull(m, "Entrypoint", c.entrypoint());
        putNonNull(m, "Image", c.image());
        putNonNull(m, "WorkingDir", c.workingDir());
        putNonNull(m, "Labels", c.labels());
        m.put("Tty", c.tty());
        m.put("OpenStdin", c.openStdin());
        putNonNull(m, "StopSignal", c.stopSignal());
        if (c.hostConfig() != null) {
            m.put("HostConfig", tree(c.hostConfig()));
        }
        if (c.healthcheck() != null) {
            m.put("Healthcheck", HostConfigJson.tree(c.healthcheck()));
        }
        putNonNull(m, "Volumes", c.volumes());
        return m;
    }

    /** {@code HostConfig} ({@code NON_NULL}). */
    public static Map<String, Object> tree(HostConfig h) {
        return HostConfigJson.tree(h);
    }

    /** {@code ContainerState} (nulls kept, as Jackson writes it); the status by its Docker name. */
    public static Map<String, Object> tree(ContainerState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", s.status() == null ? null : s.status().dockerName());
        m.put("Running", s.running());
        m.put("Paused", s.paused());
        m.put("Restarting", s.restarting());
        m.put("OOMKilled", s.oomKilled());
        m.put("Dead", s.dead());
        m.put("Pid", s.pid());
        m.put("ExitCode", s.exitCode());
        m.put("Error", s.error());
        m.put("StartedAt", s.startedAt());
        m.put("FinishedAt", s.finishedAt());
        if (s.health() != null) {
            m.put("Health", HostConfigJson.tree(s.health()));
        }
        return m;
    }

    /** {@code ContainerDetails} ({@code NON_NULL}), as the daemon's {@code GET /containers/{id}/json} shows it. */
    public static Map<String, Object> tree(ContainerDetails d) {
        Map<String, Object> m = new LinkedHashMap<>();
        putNonNull(m, "Id", d.id());
        putNonNull(m, "Created", d.created());
        putNonNull(m, "Path", d.path());
        putNonNull(m, "Args", d.args());
        if (d.state() != null) {
            m.put("State", tree(d.state()));
        }
        putNonNull(m, "Image", d.image());
        putNonNull(m, "ImageType", d.imageType());
        putNonNull(m, "ResolvConfPath", d.resolvConfPath());
        putNonNull(m, "HostnamePath", d.hostnamePath());
        putNonNull(m, "HostsPath", d.hostsPath());
        putNonNull(m, "LogPath", d.logPath());
        putNonNull(m, "Name", d.name());
        m.put("RestartCount", d.restartCount());
        putNonNull(m, "Driver", d.driver());
        putNonNull(m, "Platform", d.platform());
        putNonNull(m, "BaseFs", d.baseFs());
        if (d.hostConfig() != null) {
            m.put("HostConfig", tree(d.hostConfig()));
        }
        if (d.config() != null) {
            m.put("Config", tree(d.config()));
        }
        putNonNull(m, "Mounts", d.mounts());
        putNonNull(m, "NetworkSettings", d.networkSettings());
        return m;
    }

    private static void putNonNull(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    // ---------------------------------------------------------------- trees to records

    public static ContainerConfig config(Map<String, Object> m) {
        return new ContainerConfig(str(m, "Hostname"), str(m, "User"), strings(m, "Env"), strings(m, "Cmd"),
                strings(m, "Entrypoint"), str(m, "Image"), str(m, "WorkingDir"), stringMap(m, "Labels"),
                bool(m, "Tty"), bool(m, "OpenStdin"), str(m, "StopSignal"), hostConfig(obj(m, "HostConfig")),
                HostConfigJson.health(obj(m, "Healthcheck")), obj(m, "Volumes"));
    }

    public static HostConfig hostConfig(Map<String, Object> m) {
        return HostConfigJson.hostConfig(m);
    }

    public static ContainerSummary summary(Map<String, Object> m) {
        return new ContainerSummary(str(m, "Id"), strings(m, "Names"), str(m, "Image"), str(m, "ImageID"),
                str(m, "Command"), num(m, "Created"), status(m, "State"), str(m, "Status"), list(m, "Ports"),
                stringMap(m, "Labels"), (int) num(m, "Pid"), (int) num(m, "ExitCode"), (int) num(m, "RestartCount"),
                str(m, "StartedAt"), str(m, "FinishedAt"), str(m, "Runtime"));
    }

    /** A {@code GET /containers/json} answer. */
    public static List<ContainerSummary> summaries(Object tree) {
        if (!(tree instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a JSON array of containers");
        }
        List<ContainerSummary> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(summary(asObject(o, "container")));
        }
        return out;
    }

    public static ContainerState state(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        return new ContainerState(status(m, "Status"), bool(m, "Running"), bool(m, "Paused"), bool(m, "Restarting"),
                bool(m, "OOMKilled"), bool(m, "Dead"), (int) num(m, "Pid"), (int) num(m, "ExitCode"),
                str(m, "Error"), str(m, "StartedAt"), str(m, "FinishedAt"), HostConfigJson.healthState(obj(m, "Health")));
    }

    public static ContainerDetails details(Map<String, Object> m) {
        Map<String, Object> config = obj(m, "Config");
        return new ContainerDetails(str(m, "Id"), str(m, "Created"), str(m, "Path"), strings(m, "Args"),
                state(obj(m, "State")), str(m, "Image"), str(m, "ImageType"), str(m, "ResolvConfPath"),
                str(m, "HostnamePath"), str(m, "HostsPath"), str(m, "LogPath"), str(m, "Name"),
                (int) num(m, "RestartCount"), str(m, "Driver"), str(m, "Platform"), str(m, "BaseFs"),
                hostConfig(obj(m, "HostConfig")), config == null ? null : config(config), list(m, "Mounts"),
                obj(m, "NetworkSettings"));
    }

    public static EngineInfo info(Map<String, Object> m) {
        Map<String, Object> rt = obj(m, "Runtimes");
        Map<String, EngineInfo.RuntimeEntry> runtimes = null;
        if (rt != null) {
            runtimes = new LinkedHashMap<>();
            Iterator<Map.Entry<String, Object>> it = rt.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                Map<String, Object> r = e.getValue() == null ? null : asObject(e.getValue(), "Runtimes." + e.getKey());
                runtimes.put(e.getKey(), r == null ? null : new EngineInfo.RuntimeEntry(str(r, "path")));
            }
        }
        return new EngineInfo(str(m, "ID"), (int) num(m, "Containers"), (int) num(m, "ContainersRunning"),
                (int) num(m, "ContainersPaused"), (int) num(m, "ContainersStopped"), (int) num(m, "Images"),
                str(m, "Driver"), str(m, "LoggingDriver"), str(m, "CgroupDriver"), str(m, "CgroupVersion"),
                str(m, "KernelVersion"), str(m, "OperatingSystem"), str(m, "OSType"), str(m, "Architecture"),
                (int) num(m, "NCPU"), num(m, "MemTotal"), str(m, "Name"), str(m, "ServerVersion"),
                str(m, "DockerRootDir"), str(m, "HttpProxy"), str(m, "HttpsProxy"), str(m, "NoProxy"),
                str(m, "DefaultRuntime"), runtimes, strings(m, "ImageTypes"));
    }

    public static VersionInfo version(Map<String, Object> m) {
        return new VersionInfo(str(m, "Version"), str(m, "ApiVersion"), str(m, "MinAPIVersion"), str(m, "GitCommit"),
                str(m, "GoVersion"), str(m, "Os"), str(m, "Arch"), str(m, "KernelVersion"), str(m, "BuildTime"));
    }

    public static EngineEvent event(Map<String, Object> m) {
        Map<String, Object> a = obj(m, "Actor");
        return new EngineEvent(str(m, "Type"), str(m, "Action"),
                a == null ? null : new EngineEvent.Actor(str(a, "ID"), stringMap(a, "Attributes")),
                num(m, "time"), num(m, "timeNano"));
    }

    /** {@code GET /exec/{id}/json}. */
    public static ExecDetails exec(Map<String, Object> m) {
        Object code = m.get("ExitCode");
        Map<String, Object> pc = obj(m, "ProcessConfig");
        ExecDetails.ProcessConfig process = pc == null ? null : new ExecDetails.ProcessConfig(bool(pc, "tty"),
                str(pc, "entrypoint"), strings(pc, "arguments"), bool(pc, "privileged"), str(pc, "user"));
        return new ExecDetails(str(m, "ID"), str(m, "ContainerID"), bool(m, "Running"),
                code instanceof Number n ? n.intValue() : null, (int) num(m, "Pid"), bool(m, "OpenStdin"),
                bool(m, "OpenStdout"), bool(m, "OpenStderr"), bool(m, "CanRemove"), str(m, "DetachKeys"), process);
    }

    /** A Docker stats reading ({@code stream=0&one-shot=1}) as the engine's counters. */
    public static ContainerStats stats(Map<String, Object> m) {
        Map<String, Object> cpu = obj(m, "cpu_stats");
        Map<String, Object> usage = obj(cpu, "cpu_usage");
        Map<String, Object> mem = obj(m, "memory_stats");
        Map<String, Object> memDetail = obj(mem, "stats");
        Map<String, Object> pids = obj(m, "pids_stats");
        long read = 0;
        long write = 0;
        Map<String, Object> blkio = obj(m, "blkio_stats");
        List<Object> io = blkio == null ? null : list(blkio, "io_service_bytes_recursive");
        if (io != null) {
            for (Object o : io) {
                Map<String, Object> e = asObject(o, "blkio entry");
                String op = str(e, "op") == null ? "" : str(e, "op").toLowerCase(java.util.Locale.ROOT);
                if (op.equals("read")) {
                    read += num(e, "value");
                } else if (op.equals("write")) {
                    write += num(e, "value");
                }
            }
        }
        String name = str(m, "name");
        return new ContainerStats(str(m, "id"), name != null && name.startsWith("/") ? name.substring(1) : name,
                "running", str(m, "read"), num(usage, "total_usage"), num(usage, "usage_in_kernelmode"),
                num(usage, "usage_in_usermode"), num(cpu, "system_cpu_usage"), (int) num(cpu, "online_cpus"),
                num(mem, "usage"), num(mem, "max_usage"), num(mem, "limit"),
                memDetail == null ? 0 : num(memDetail, "cache"),
                memDetail == null ? 0 : num(memDetail, "total_inactive_file"),
                memDetail == null ? 0 : num(memDetail, "kernel_usage"), read, write,
                pids == null ? 0 : num(pids, "current"), pids == null ? 0 : num(pids, "limit"));
    }

    // ---------------------------------------------------------------- field access

    /** {@code v} as an object; anything else is an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object v, String what) {
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new IllegalArgumentException("expected a JSON object for " + what + ", got " + kind(v));
    }

    /** The object under {@code key}, or null when absent or null. */
    public static Map<String, Object> obj(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : asObject(v, key);
    }

    /** A string field; numbers and booleans become their text (as Jackson coerces them). */
    public static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new IllegalArgumentException("expected a string for " + key + ", got " + kind(v));
    }

    /** A number field; absent or null is 0, a numeric string is read. */
    public static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return s.isEmpty() ? 0 : Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("expected a number for " + key + ", got " + kind(v));
    }

    public static boolean bool(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v)) {
            return true;
        }
        if ("false".equals(v)) {
            return false;
        }
        throw new IllegalArgumentException("expected a boolean for " + key + ", got " + kind(v));
    }

    /** A list of strings; a single string is a list of one; null stays null. */
    public static List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
            return out;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a list of strings for " + key + ", got " + kind(v));
        }
        for (Object o : l) {
            if (o == null || o instanceof String) {
                out.add((String) o);
            } else if (o instanceof Number || o instanceof Boolean) {
                out.add(o.toString());
            } else {
                throw new IllegalArgumentException("expected a list of strings for " + key + ", got an element " + kind(o));
            }
        }
        return out;
    }

    /** A JSON array kept as its tree (ports, mounts). */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof List) {
            return (List<Object>) v;
        }
        throw new IllegalArgumentException("expected a list for " + key + ", got " + kind(v));
    }

    /** An object of strings (labels, attributes); scalar values become their text. */
    public static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Map<String, Object> o = obj(m, key);
        if (o == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, Object>> it = o.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Object> e = it.next();
            out.put(e.getKey(), str(o, e.getKey()));
        }
        return out;
    }

    private static ContainerStatus status(Map<String, Object> m, String key) {
        String s = str(m, key);
        return s == null ? null : ContainerStatus.of(s);
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
