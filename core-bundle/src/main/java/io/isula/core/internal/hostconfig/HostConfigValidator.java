package io.isula.core.internal.hostconfig;

import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.EngineException;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HostConfig;
import io.isula.core.util.ByteSizes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a container's host settings before anything is created, with iSulad's limits and messages
 * ({@code verify_host_config_settings}, {@code verify_health_check_parameter}): a value the host cannot honour or
 * that is out of range is an {@link EngineException} of kind INVALID_ARGUMENT naming it.
 */
public final class HostConfigValidator {
    /** Not a kernel limit: the smallest memory that leaves a container useful (iSulad's LINUX_MIN_MEMORY). */
    static final long MIN_MEMORY = 4L << 20;
    static final long DEFAULT_SHM_SIZE = 64L << 20;
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "on-reboot", "on-failure",
            "unless-stopped");

    private final CgroupFeatures features;

    public HostConfigValidator(CgroupFeatures features) {
        this.features = features;
    }

    public void check(HostConfig h) {
        restartPolicy(h.restartPolicy(), h.autoRemove());
        hugetlbs(h.hugetlbs());
        memory(h.memory(), h.memorySwap(), false);
        reservation(h.memory(), h.memoryReservation());
        if (h.memorySwappiness() != null) {
            swappiness(h.memorySwappiness());
        }
        if (Boolean.TRUE.equals(h.oomKillDisable()) && !features.oomKillDisable()) {
            throw invalid("Your kernel does not support OomKillDisable, OomKillDisable discarded");
        }
        pids(h.pidsLimit());
        nanoCpus(h.nanoCpus(), h.cpuPeriod(), h.cpuQuota());
        cpu(h.cpuShares(), h.cpuPeriod(), h.cpuQuota(), h.cpusetCpus(), h.cpusetMems());
        blkioWeight(h.blkioWeight());
        if (h.oomScoreAdj() < -1000 || h.oomScoreAdj() > 1000) {
            throw invalid("Invalid value " + h.oomScoreAdj() + ", range for oom score adj is [-1000, 1000].");
        }
        if (h.shmSize() < 0) {
            throw invalid("SHM size can not be less than 0");
        }
        cgroupParent(h.cgroupParent());
    }

    /**
     * The settings as stored: huge page sizes named as the kernel names them ("2MB"), the default one when left out;
     * the {@code /dev/shm} size iSulad applies (64 MiB) when none is given.
     */
    public HostConfig normalize(HostConfig h) {
        HostConfig.Builder b = h.toBuilder();
        if (h.hugetlbs() != null) {
            List<HostConfig.Hugetlb> out = new ArrayList<>();
            for (HostConfig.Hugetlb l : h.hugetlbs()) {
                String size = l.pageSize() == null || l.pageSize().isEmpty() ? defaultPageSize() : pageSize(l.pageSize());
                out.removeIf(o -> o.pageSize().equals(size));
                out.add(new HostConfig.Hugetlb(size, l.limit()));
            }
            b.hugetlbs(out);
        }
        if (h.shmSize() == 0) {
            b.shmSize(DEFAULT_SHM_SIZE);
        }
        return b.build();
    }

    /** The settings of an {@code update}, checked against what the container has ({@code current}). */
    public void checkUpdate(ContainerUpdate u, HostConfig current) {
        if (u.restartPolicy() != null) {
            restartPolicy(u.restartPolicy(), current.autoRemove());
        }
        long memory = u.memory() != 0 ? u.memory() : current.memory();
        if (u.memory() < 0 || u.memorySwap() < -1 || u.memoryReservation() < 0 || u.kernelMemory() < 0) {
            throw invalid("Memory values of an update must not be negative");
        }
        memory(u.memory(), u.memorySwap(), true);
        if (u.memorySwap() > 0 && memory > 0 && u.memorySwap() < memory) {
            throw invalid("Minimum memoryswap limit should be larger than memory limit");
        }
        reservation(memory, u.memoryReservation());
        if (u.kernelMemory() > 0) {
            throw invalid("Can not update kernel memory of a container; kernel memory limits are not supported");
        }
        pids(u.pidsLimit());
        long period = u.cpuPeriod() != 0 ? u.cpuPeriod() : current.cpuPeriod();
        long quota = u.cpuQuota() != 0 ? u.cpuQuota() : current.cpuQuota();
        if (u.nanoCpus() != 0) {
            nanoCpus(u.nanoCpus(), u.cpuPeriod(), u.cpuQuota());
        } else if (current.nanoCpus() > 0 && (u.cpuPeriod() != 0 || u.cpuQuota() != 0)) {
            nanoCpus(current.nanoCpus(), u.cpuPeriod(), u.cpuQuota());
        }
        cpu(u.cpuShares(), period, quota, u.cpusetCpus(), u.cpusetMems());
        blkioWeight(u.blkioWeight());
    }

    /** iSulad's {@code verify_health_check_parameter}. */
    public static void checkHealth(HealthConfig hc) {
        if (hc == null) {
            return;
        }
        if (hc.interval() != 0 && hc.interval() < SECOND_NANOS) {
            throw invalid("Interval in Healthcheck cannot be less than one second");
        }
        if (hc.timeout() != 0 && hc.timeout() < SECOND_NANOS) {
            throw invalid("Timeout in Healthcheck cannot be less than one second");
        }
        if (hc.startPeriod() != 0 && hc.startPeriod() < SECOND_NANOS) {
            throw invalid("StartPeriod in Healthcheck cannot be less than one second");
        }
        if (hc.retries() < 0) {
            throw invalid("--health-retries cannot be negative");
        }
        if (hc.test() != null && !hc.test().isEmpty()) {
            String kind = hc.test().get(0);
            if (!Set.of("NONE", "CMD", "CMD-SHELL").contains(kind)) {
                throw invalid("Unknown health check type '" + kind + "': the test must start with NONE, CMD or CMD-SHELL");
            }
            if (!kind.equals("NONE") && hc.test().size() < 2) {
                throw invalid("Health check " + kind + " needs a command");
            }
        }
    }

    private static void restartPolicy(HostConfig.RestartPolicy rp, boolean autoRemove) {
        if (rp == null) {
            return;
        }
        String name = rp.name() == null ? "" : rp.name();
        if (name.isEmpty()) {
            if (rp.maximumRetryCount() != 0) {
                throw invalid("Maximum retry count cannot be used with empty restart policy");
            }
            return;
        }
        if (!RESTART_POLICIES.contains(name)) {
            throw invalid("Invalid restart policy '" + name + "'");
        }
        if (name.equals("on-failure")) {
            if (rp.maximumRetryCount() < 0) {
                throw invalid("Maximum retry count cannot be negative");
            }
        } else if (rp.maximumRetryCount() != 0) {
            throw invalid("Maximum retry count cannot be used with restart policy '" + name + "'");
        }
        if (autoRemove && !name.equals("no")) {
            throw invalid("Can't create 'AutoRemove' container with restart policy");
        }
    }

    private void hugetlbs(List<HostConfig.Hugetlb> limits) {
        if (limits == null || limits.isEmpty()) {
            return;
        }
        if (!features.hugetlb()) {
            throw invalid("Your kernel does not support hugetlb limit. --hugetlb-limit discarded.");
        }
        for (HostConfig.Hugetlb l : limits) {
            String size = l.pageSize() == null || l.pageSize().isEmpty() ? defaultPageSize() : pageSize(l.pageSize());
            if (!features.hugePageSizes().contains(size)) {
                throw invalid("Invalid hugepage size:" + l.pageSize() + ", shoud be one of " + features.hugePageSizes());
            }
            if (l.limit() < 0) {
                throw invalid("Invalid hugetlb limit " + l.limit() + ": it must not be negative");
            }
        }
    }

    /** The default huge page size: the smallest the kernel offers. */
    String defaultPageSize() {
        return features.hugePageSizes().isEmpty() ? "2MB" : features.hugePageSizes().get(0);
    }

    /** "2M", "2MB", "2mb", "2097152" all name the page size "2MB". */
    static String pageSize(String text) {
        try {
            return ByteSizes.pageSizeName(ByteSizes.parse(text));
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid hugepage size:" + text);
        }
    }

    private void memory(long limit, long swap, boolean update) {
        if (limit < 0) {
            throw invalid("Invalid memory limit " + limit + ": it must not be negative");
        }
        if (swap < -1) {
            throw invalid("Invalid memory swap limit " + swap + ": it must be -1 (unlimited) or positive");
        }
        if (limit != 0 && limit < MIN_MEMORY) {
            throw invalid("Minimum memory limit allowed is 4MB");
        }
        if (limit > 0 && !features.memoryLimit()) {
            throw invalid("Your kernel does not support memory limit capabilities. Limitation discarded.");
        }
        if (limit > 0 && swap != 0 && !features.swap()) {
            throw invalid("Your kernel does not support swap limit capabilities, memory limited without swap.");
        }
        if (limit > 0 && swap > 0 && swap < limit) {
            throw invalid("Minimum memoryswap limit should be larger than memory limit");
        }
        if (limit == 0 && swap > 0 && !update) {
            throw invalid("You should set the memory limit when using memoryswap limit");
        }
    }

    private void reservation(long limit, long reservation) {
        if (reservation < 0) {
            throw invalid("Invalid memory reservation " + reservation + ": it must not be negative");
        }
        if (reservation > 0 && !features.reservation()) {
            throw invalid("Your kernel does not support memory soft limit capabilities. Limitation discarded");
        }
        if (reservation != 0 && reservation < MIN_MEMORY) {
            throw invalid("Minimum memory reservation allowed is 4MB");
        }
        if (limit > 0 && reservation > 0 && limit < reservation) {
            throw invalid("Minimum memory limit should be larger than memory reservation limit, see usage.");
        }
    }

    private void swappiness(long swappiness) {
        if (swappiness != -1 && !features.swappiness()) {
            throw invalid("Your kernel does not support memory swappiness capabilities, memory swappiness discarded.");
        }
        if (swappiness < -1 || swappiness > 100) {
            throw invalid("Invalid value: " + swappiness + ", valid memory swappiness range is 0-100");
        }
    }

    private void pids(Long limit) {
        if (limit == null || limit == 0) {
            return;
        }
        if (limit < -1) {
            throw invalid("Invalid pids limit " + limit + ": it must be -1 (unlimited) or positive");
        }
        if (!features.pids()) {
            throw invalid("Your kernel does not support pids limit capabilities, pids limit discarded.");
        }
    }

    private void nanoCpus(long nanoCpus, long period, long quota) {
        if (nanoCpus == 0) {
            return;
        }
        if (nanoCpus > 0 && period > 0) {
            throw invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set.");
        }
        if (nanoCpus > 0 && quota > 0) {
            throw invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set.");
        }
        if (nanoCpus > 0 && (!features.cfsQuota() || !features.cfsPeriod())) {
            throw invalid("NanoCPUs can not be set, as your kernel does not support CPU cfs period/quota or the cgroup is not mounted.");
        }
        // below 0.01 CPU the quota would fall under the kernel's 1 ms minimum
        if (nanoCpus < 10_000_000L || nanoCpus > features.cpus() * SECOND_NANOS) {
            throw invalid("Range of CPUs is from 0.01 to " + features.cpus() + ".00, as there are only "
                    + features.cpus() + " CPUs available");
        }
    }

    private void cpu(long shares, long period, long quota, String cpus, String mems) {
        if (shares < 0) {
            throw invalid("Invalid CPU shares " + shares + ": it must not be negative");
        }
        if (shares > 0 && !features.cpuShares()) {
            throw invalid("Your kernel does not support cgroup cpu shares. Shares discarded.");
        }
        if (period < 0) {
            throw invalid("Invalid CPU cfs period " + period + ": it must not be negative");
        }
        if (period > 0 && !features.cfsPeriod()) {
            throw invalid("Your kernel does not support CPU cfs period. Period discarded.");
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (quota < -1) {
            throw invalid("Invalid CPU cfs quota " + quota + ": it must be -1 (unlimited) or positive");
        }
        if (quota > 0 && !features.cfsQuota()) {
            throw invalid("Your kernel does not support CPU cfs quato. Quota discarded.");
        }
        if (quota > 0 && quota < 1000) {
            throw invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if ((cpus != null && !cpus.isEmpty() || mems != null && !mems.isEmpty()) && !features.cpuset()) {
            throw invalid("Your kernel does not support cpuset. Cpuset discarded.");
        }
        if (cpus != null && !cpus.isEmpty()) {
            cpuList(cpus, features.cpusetCpus(), "cpuset.cpus", "CPUs");
        }
        if (mems != null && !mems.isEmpty()) {
            cpuList(mems, features.cpusetMems(), "cpuset.mems", "memory nodes");
        }
    }

    /** A list like "0-2,5" whose every member is in {@code available}. */
    private static void cpuList(String requested, String available, String file, String what) {
        List<Integer> want;
        try {
            want = CpuList.parse(requested);
        } catch (IllegalArgumentException e) {
            throw invalid("Checking " + file + " got invalid format: " + requested + ".");
        }
        List<Integer> have;
        try {
            have = CpuList.parse(available);
        } catch (IllegalArgumentException e) {
            have = List.of();
        }
        if (!have.containsAll(want)) {
            throw invalid("Requested " + what + " are not available - requested " + requested + ", available: "
                    + available + ".");
        }
    }

    private void blkioWeight(int weight) {
        if (weight < 0 || weight > 0 && (weight < 10 || weight > 1000)) {
            throw invalid("Range of blkio weight is from 10 to 1000.");
        }
        if (weight > 0 && !features.blkioWeight()) {
            throw invalid("Your kernel does not support Block I/O weight. Weight discarded.");
        }
    }

    private static void cgroupParent(String parent) {
        if (parent == null || parent.isEmpty()) {
            return;
        }
        for (String part : parent.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw invalid("Invalid cgroup parent " + parent + ": it must not contain '.' or '..'");
            }
        }
        if (!parent.matches("[A-Za-z0-9_./:@-]+")) {
            throw invalid("Invalid cgroup parent " + parent);
        }
    }

    static EngineException invalid(String message) {
        return EngineException.invalid(message);
    }

    /** CPU and memory node lists: "0-3,5,7-8". */
    static final class CpuList {
        private static final int MAX = 8192;

        private CpuList() {
        }

        static List<Integer> parse(String list) {
            List<Integer> out = new ArrayList<>();
            for (String part : list.trim().split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                int dash = p.indexOf('-');
                int from = number(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : number(p.substring(dash + 1));
                if (to < from) {
                    throw new IllegalArgumentException("bad range " + p);
                }
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            }
            return out;
        }

        private static int number(String s) {
            if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 5) {
                throw new IllegalArgumentException("not a number: " + s);
            }
            int v = Integer.parseInt(s);
            if (v > MAX) {
                throw new IllegalArgumentException("too large: " + s);
            }
            return v;
        }
    }
}
