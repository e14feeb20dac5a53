package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HostConfig;
import io.isula.core.util.ByteSizes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The create/run options of container configuration (iSulad's names): resources, security, DNS, mounts, restart
 * policy, stop signal and health check. Values are converted here, as iSulad's client does (a bad number is exit
 * 125 before the daemon hears of it); the daemon checks ranges and combinations.
 */
final class ConfigOptions {
    static final Opt[] OPTIONS = {
        Opt.value('m', "memory", "Memory limit"),
        Opt.value(Opt.NO_SHORT, "memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
        Opt.value(Opt.NO_SHORT, "memory-reservation", "Memory soft limit"),
        Opt.value(Opt.NO_SHORT, "memory-swappiness", "Tune container memory swappiness (0 to 100) (default -1)"),
        Opt.value(Opt.NO_SHORT, "cpu-shares", "CPU shares (relative weight)"),
        Opt.value(Opt.NO_SHORT, "cpu-period", "Limit CPU CFS (Completely Fair Scheduler) period"),
        Opt.value(Opt.NO_SHORT, "cpu-quota", "Limit CPU CFS (Completely Fair Scheduler) quota"),
        Opt.value(Opt.NO_SHORT, "cpus", "Number of CPUs"),
        Opt.value(Opt.NO_SHORT, "cpuset-cpus", "CPUs in which to allow execution (e.g. 0-3, 0,1)"),
        Opt.value(Opt.NO_SHORT, "cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
        Opt.value(Opt.NO_SHORT, "pids-limit", "Tune container pids limit (set -1 for unlimited)"),
        Opt.value(Opt.NO_SHORT, "blkio-weight", "Block IO (relative weight), between 10 and 1000, or 0 to disable"),
        Opt.list(Opt.NO_SHORT, "hugetlb-limit", "Huge page limit (format: [size:]<limit>, e.g. --hugetlb-limit 2MB:32MB)"),
        Opt.list(Opt.NO_SHORT, "ulimit", "Ulimit options (format: <type>=<soft>[:<hard>])"),
        Opt.value(Opt.NO_SHORT, "cgroup-parent", "Optional parent cgroup for the container"),
        Opt.flag(Opt.NO_SHORT, "oom-kill-disable", "Disable OOM Killer"),
        Opt.value(Opt.NO_SHORT, "oom-score-adj", "Tune host's OOM preferences for containers (accepts -1000 to 1000)"),
        Opt.list(Opt.NO_SHORT, "security-opt", "Security Options (seccomp=FILE|unconfined, no-new-privileges)"),
        Opt.list(Opt.NO_SHORT, "cap-add", "Add Linux capabilities ('ALL' to add all capabilities)"),
        Opt.list(Opt.NO_SHORT, "cap-drop", "Drop Linux capabilities ('ALL' to drop all capabilities)"),
        Opt.flag(Opt.NO_SHORT, "privileged", "Give extended privileges to this container"),
        Opt.list(Opt.NO_SHORT, "sysctl", "Sysctl options (namespaced kernel parameters, KEY=VALUE)"),
        Opt.list(Opt.NO_SHORT, "group-add", "Add additional groups to join"),
        Opt.value(Opt.NO_SHORT, "hook-spec", "File containing hook definition(prestart, poststart, poststop)"),
        Opt.list(Opt.NO_SHORT, "dns", "Set custom DNS servers"),
        Opt.list(Opt.NO_SHORT, "dns-opt", "Set DNS options"),
        Opt.list(Opt.NO_SHORT, "dns-search", "Set custom DNS search domains"),
        Opt.list(Opt.NO_SHORT, "add-host", "Add a custom host-to-IP mapping (host:ip)"),
        Opt.list('v', "volume", "Bind mount a volume"),
        Opt.list(Opt.NO_SHORT, "mount", "Attach a filesystem mount to the container (type=bind|volume|tmpfs,...)"),
        Opt.list(Opt.NO_SHORT, "tmpfs", "Mount a tmpfs directory"),
        Opt.flag(Opt.NO_SHORT, "read-only", "Make container rootfs readonly"),
        Opt.value(Opt.NO_SHORT, "shm-size", "Size of /dev/shm, default value is 64MB"),
        Opt.list(Opt.NO_SHORT, "device", "Add a host device to the container"),
        Opt.list(Opt.NO_SHORT, "volumes-from", "Mount volumes from the specified container(s)"),
        Opt.value(Opt.NO_SHORT, "restart", "Restart policy to apply when a container exits(no, always, on-reboot,"
                + " on-failure[:max-retries], unless-stopped)"),
        Opt.value(Opt.NO_SHORT, "stop-signal", "Signal to stop a container (default \"SIGTERM\")"),
        Opt.value(Opt.NO_SHORT, "health-cmd", "Command to run to check health"),
        Opt.value(Opt.NO_SHORT, "health-interval", "Time between running the check (ms|s|m|h) (default 30s)"),
        Opt.value(Opt.NO_SHORT, "health-retries", "Consecutive failures needed to report unhealthy (default 3)"),
        Opt.value(Opt.NO_SHORT, "health-timeout", "Maximum time to allow one check to run (ms|s|m|h) (default 30s)"),
        Opt.value(Opt.NO_SHORT, "health-start-period", "Start period for the container to initialize before starting"
                + " health-retries countdown (ms|s|m|h) (default 0s)"),
        Opt.flag(Opt.NO_SHORT, "no-healthcheck", "Disable any container-specified HEALTHCHECK"),
        Opt.flag(Opt.NO_SHORT, "health-exit-on-unhealthy", "Kill the container when it is detected to be unhealthy"),
    };

    private ParsedArgs a;

    void bind(ParsedArgs args) {
        this.a = args;
        // convert now: a bad value is a usage error (exit 125) like any other parse error
        resources(HostConfig.builder());
        health();
        restartPolicy();
    }

    /** Fills the host settings and the container's stop signal and health check. */
    void apply(HostConfig.Builder h, ContainerConfig.Builder c, Map<String, String> clientEnv) {
        resources(h);
        h.restartPolicy(restartPolicy());
        h.securityOpt(securityOpts());
        h.capAdd(listOrNull("cap-add")).capDrop(listOrNull("cap-drop")).privileged(a.flag("privileged"));
        h.sysctls(keyValues("sysctl", "sysctl"));
        h.groupAdd(listOrNull("group-add"));
        String hook = a.value("hook-spec");
        h.hookSpec(hook == null ? null : Path.of(hook).toAbsolutePath().normalize().toString());
        h.dns(listOrNull("dns")).dnsOptions(listOrNull("dns-opt")).dnsSearch(listOrNull("dns-search"))
                .extraHosts(listOrNull("add-host"));
        h.binds(listOrNull("volume"));
        h.mounts(mounts());
        h.tmpfs(tmpfs());
        h.readonlyRootfs(a.flag("read-only"));
        String shm = a.value("shm-size");
        if (shm != null) {
            h.shmSize(OptionValues.bytes("shm-size", shm));
        }
        h.devices(devices());
        h.volumesFrom(listOrNull("volumes-from"));
        c.stopSignal(a.value("stop-signal"));
        c.healthcheck(health());
    }

    boolean hasRestartPolicy() {
        HostConfig.RestartPolicy p = restartPolicy();
        return p != null && !p.name().equals("no");
    }

    private void resources(HostConfig.Builder h) {
        String v;
        if ((v = a.value("memory")) != null) {
            h.memory(OptionValues.bytes("memory", v));
        }
        if ((v = a.value("memory-swap")) != null) {
            h.memorySwap(OptionValues.bytesOrUnlimited("memory-swap", v));
        }
        if ((v = a.value("memory-reservation")) != null) {
            h.memoryReservation(OptionValues.bytes("memory-reservation", v));
        }
        if ((v = a.value("memory-swappiness")) != null) {
            h.memorySwappiness(OptionValues.swappiness("memory-swappiness", v));
        }
        if ((v = a.value("cpu-shares")) != null) {
            h.cpuShares(OptionValues.llong("cpu-shares", v));
        }
        if ((v = a.value("cpu-period")) != null) {
            h.cpuPeriod(OptionValues.llong("cpu-period", v));
        }
        if ((v = a.value("cpu-quota")) != null) {
            h.cpuQuota(OptionValues.llong("cpu-quota", v));
        }
        if ((v = a.value("cpus")) != null) {
            h.nanoCpus(OptionValues.nanoCpus("cpus", v));
        }
        h.cpusetCpus(a.value("cpuset-cpus")).cpusetMems(a.value("cpuset-mems"));
        if ((v = a.value("pids-limit")) != null) {
            h.pidsLimit(OptionValues.llong("pids-limit", v));
        }
        if ((v = a.value("blkio-weight")) != null) {
            h.blkioWeight(OptionValues.u16("blkio-weight", v));
        }
        h.hugetlbs(hugetlbs());
        h.ulimits(ulimits());
        h.cgroupParent(a.value("cgroup-parent"));
        if (a.flag("oom-kill-disable")) {
            h.oomKillDisable(true);
        }
        if ((v = a.value("oom-score-adj")) != null) {
            h.oomScoreAdj(OptionValues.integer("oom-score-adj", v));
        }
    }

    private List<String> listOrNull(String name) {
        List<String> l = a.values(name);
        return l.isEmpty() ? null : List.copyOf(l);
    }

    /** {@code seccomp=FILE} is read here and sent as the profile's JSON, as the docker client does. */
    private List<String> securityOpts() {
        List<String> out = new ArrayList<>();
        for (String o : a.values("security-opt")) {
            int sep = o.indexOf('=');
            if (sep < 0) {
                sep = o.indexOf(':');
            }
            String key = sep < 0 ? o : o.substring(0, sep);
            String value = sep < 0 ? "" : o.substring(sep + 1);
            if (key.equals("seccomp") && !value.equals("unconfined") && !value.isEmpty() && !value.startsWith("{")) {
                try {
                    out.add("seccomp=" + Files.readString(Path.of(value)));
                } catch (IOException | RuntimeException e) {
                    throw new CliFailure(ExitCodes.INVALID, "Error: opening seccomp profile (" + value + ") failed: "
                            + e.getMessage());
                }
            } else {
                out.add(o);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private Map<String, String> keyValues(String flag, String what) {
        List<String> l = a.values(flag);
        if (l.isEmpty()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : l) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Invalid value \"" + kv + "\" for flag --" + flag + ": a " + what
                        + " is KEY=VALUE");
            }
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private Map<String, String> tmpfs() {
        List<String> l = a.values("tmpfs");
        if (l.isEmpty()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String t : l) {
            int colon = t.indexOf(':');
            m.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        }
        return m;
    }

    /** {@code HOST[:CONTAINER][:PERMISSIONS]}. */
    private List<HostConfig.DeviceMapping> devices() {
        List<String> l = a.values("device");
        if (l.isEmpty()) {
            return null;
        }
        List<HostConfig.DeviceMapping> out = new ArrayList<>();
        for (String d : l) {
            String[] p = d.split(":", -1);
            switch (p.length) {
                case 1 -> out.add(new HostConfig.DeviceMapping(p[0], p[0], "rwm"));
                case 2 -> out.add(p[1].matches("[rwm]{1,3}")
                        ? new HostConfig.DeviceMapping(p[0], p[0], p[1])
                        : new HostConfig.DeviceMapping(p[0], p[1], "rwm"));
                case 3 -> out.add(new HostConfig.DeviceMapping(p[0], p[1], p[2]));
                default -> throw OptionValues.invalid("device", d);
            }
            if (p[0].isEmpty()) {
                throw OptionValues.invalid("device", d);
            }
        }
        return out;
    }

    /** {@code --mount type=bind,source=/a,target=/b,readonly,bind-propagation=rslave}. */
    private List<HostConfig.Mount> mounts() {
        List<String> l = a.values("mount");
        if (l.isEmpty()) {
            return null;
        }
        List<HostConfig.Mount> out = new ArrayList<>();
        for (String spec : l) {
            String type = "volume";
            String source = null;
            String target = null;
            boolean readOnly = false;
            String propagation = null;
            boolean noCopy = false;
            long tmpfsSize = 0;
            int tmpfsMode = 0;
            for (String field : spec.split(",")) {
                int eq = field.indexOf('=');
                String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : field.substring(eq + 1);
                switch (key) {
                    case "type" -> type = need(spec, key, value);
                    case "source", "src" -> source = need(spec, key, value);
                    case "target", "destination", "dst" -> target = need(spec, key, value);
                    case "readonly", "ro" -> readOnly = value == null || bool(spec, key, value);
                    case "bind-propagation" -> propagation = need(spec, key, value);
                    case "volume-nocopy" -> noCopy = value == null || bool(spec, key, value);
                    case "tmpfs-size" -> tmpfsSize = OptionValues.bytes("mount", need(spec, key, value));
                    case "tmpfs-mode" -> {
                        try {
                            tmpfsMode = Integer.parseInt(need(spec, key, value), 8);
                        } catch (NumberFormatException e) {
                            throw new UsageException("Invalid value \"" + spec + "\" for flag --mount: tmpfs-mode "
                                    + value + " is not an octal mode");
                        }
                    }
                    default -> throw new UsageException("Invalid value \"" + spec + "\" for flag --mount: unknown key '"
                            + key + "'");
                }
            }
            out.add(new HostConfig.Mount(type, source, target, readOnly,
                    propagation == null ? null : new HostConfig.BindOptions(propagation),
                    noCopy ? new HostConfig.VolumeOptions(true) : null,
                    tmpfsSize > 0 || tmpfsMode > 0 ? new HostConfig.TmpfsOptions(tmpfsSize, tmpfsMode) : null));
        }
        return out;
    }

    private static String need(String spec, String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new UsageException("Invalid value \"" + spec + "\" for flag --mount: " + key + " needs a value");
        }
        return value;
    }

    private static boolean bool(String spec, String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new UsageException("Invalid value \"" + spec + "\" for flag --mount: " + key
                    + " must be true or false");
        };
    }

    /** {@code [PAGESIZE:]LIMIT}. */
    private List<HostConfig.Hugetlb> hugetlbs() {
        List<String> l = a.values("hugetlb-limit");
        if (l.isEmpty()) {
            return null;
        }
        List<HostConfig.Hugetlb> out = new ArrayList<>();
        for (String h : l) {
            int colon = h.indexOf(':');
            String size = colon < 0 ? null : h.substring(0, colon);
            String limit = colon < 0 ? h : h.substring(colon + 1);
            if (size != null) {
                try {
                    ByteSizes.parse(size);
                } catch (IllegalArgumentException e) {
                    throw OptionValues.invalid("hugetlb-limit", h);
                }
            }
            long bytes;
            try {
                bytes = ByteSizes.parse(limit);
            } catch (IllegalArgumentException e) {
                throw OptionValues.invalid("hugetlb-limit", h);
            }
            out.add(new HostConfig.Hugetlb(size, bytes));
        }
        return out;
    }

    /** {@code NAME=SOFT[:HARD]}. */
    private List<HostConfig.Ulimit> ulimits() {
        List<String> l = a.values("ulimit");
        if (l.isEmpty()) {
            return null;
        }
        List<HostConfig.Ulimit> out = new ArrayList<>();
        for (String u : l) {
            int eq = u.indexOf('=');
            if (eq <= 0) {
                throw OptionValues.invalid("ulimit", u);
            }
            String[] limits = u.substring(eq + 1).split(":", -1);
            if (limits.length > 2) {
                throw OptionValues.invalid("ulimit", u);
            }
            long soft = OptionValues.llong("ulimit", limits[0]);
            long hard = limits.length == 2 ? OptionValues.llong("ulimit", limits[1]) : soft;
            out.add(new HostConfig.Ulimit(u.substring(0, eq), soft, hard));
        }
        return out;
    }

    private HostConfig.RestartPolicy restartPolicy() {
        String r = a.value("restart");
        return r == null ? null : OptionValues.restartPolicy(r);
    }

    private HealthConfig health() {
        boolean none = a.flag("no-healthcheck");
        String cmd = a.value("health-cmd");
        long interval = duration("health-interval");
        long timeout = duration("health-timeout");
        long start = duration("health-start-period");
        String r = a.value("health-retries");
        int retries = r == null ? 0 : OptionValues.integer("health-retries", r);
        boolean exit = a.flag("health-exit-on-unhealthy");
        boolean any = cmd != null || interval != 0 || timeout != 0 || start != 0 || r != null || exit;
        if (none) {
            if (any) {
                throw new UsageException("--no-healthcheck conflicts with --health-* options");
            }
            return new HealthConfig(List.of("NONE"), 0, 0, 0, 0, false);
        }
        if (!any) {
            return null;
        }
        return new HealthConfig(cmd == null ? null : List.of("CMD-SHELL", cmd), interval, timeout, start, retries,
                exit);
    }

    private long duration(String flag) {
        String v = a.value(flag);
        return v == null ? 0 : OptionValues.durationNanos(flag, v);
    }
}
