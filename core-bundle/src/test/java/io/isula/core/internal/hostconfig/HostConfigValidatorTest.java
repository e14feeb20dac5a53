package io.isula.core.internal.hostconfig;

import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.EngineException;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HostConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostConfigValidatorTest {
    /** A cgroup v1 host like the test machine: no blkio weight, no hugetlb controller, 2 CPUs. */
    private static final CgroupFeatures HOST = new CgroupFeatures(1, true, true, true, true, true, true, true, true,
            true, true, true, false, false, List.of("2MB", "1GB"), "0-1", "0", 2);
    private static final CgroupFeatures FULL = new CgroupFeatures(1, true, true, true, true, true, true, true, true,
            true, true, true, true, true, List.of("2MB", "1GB"), "0-3", "0", 4);

    private final HostConfigValidator validator = new HostConfigValidator(HOST);

    private static HostConfig with(UnaryOperator<HostConfig.Builder> f) {
        return f.apply(HostConfig.builder()).build();
    }

    private String rejected(HostConfig h) {
        return assertThrows(EngineException.class, () -> validator.check(h)).getMessage();
    }

    @Test
    void defaultsPass() {
        assertDoesNotThrow(() -> validator.check(HostConfig.empty()));
    }

    @Test
    void memoryLimitsFollowIsulad() {
        assertEquals("Minimum memory limit allowed is 4MB", rejected(with(b -> b.memory(1024))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.memory(4L << 20))));
        assertEquals("Minimum memoryswap limit should be larger than memory limit",
                rejected(with(b -> b.memory(64L << 20).memorySwap(32L << 20))));
        assertEquals("You should set the memory limit when using memoryswap limit",
                rejected(with(b -> b.memorySwap(64L << 20))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.memory(64L << 20).memorySwap(-1))));
        assertTrue(rejected(with(b -> b.memory(64L << 20).memorySwap(-2))).contains("-1 (unlimited)"));
        assertTrue(rejected(with(b -> b.memory(-5))).contains("must not be negative"));
        assertEquals("Minimum memory limit should be larger than memory reservation limit, see usage.",
                rejected(with(b -> b.memory(32L << 20).memoryReservation(64L << 20))));
        assertEquals("Minimum memory reservation allowed is 4MB", rejected(with(b -> b.memoryReservation(100))));
    }

    @Test
    void swappinessIsMinusOneOrZeroToHundred() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.memorySwappiness(-1L))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.memorySwappiness(100L))));
        assertEquals("Invalid value: 101, valid memory swappiness range is 0-100",
                rejected(with(b -> b.memorySwappiness(101L))));
        assertEquals("Invalid value: -7, valid memory swappiness range is 0-100",
                rejected(with(b -> b.memorySwappiness(-7L))));
    }

    @Test
    void oomScoreAdjRange() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.oomScoreAdj(-1000))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.oomScoreAdj(1000))));
        assertEquals("Invalid value 1001, range for oom score adj is [-1000, 1000].",
                rejected(with(b -> b.oomScoreAdj(1001))));
        assertEquals("Invalid value -1001, range for oom score adj is [-1000, 1000].",
                rejected(with(b -> b.oomScoreAdj(-1001))));
    }

    @Test
    void blkioWeightRangeThenHostSupport() {
        assertEquals("Range of blkio weight is from 10 to 1000.", rejected(with(b -> b.blkioWeight(5))));
        assertEquals("Range of blkio weight is from 10 to 1000.", rejected(with(b -> b.blkioWeight(1001))));
        assertEquals("Range of blkio weight is from 10 to 1000.", rejected(with(b -> b.blkioWeight(-1))));
        assertEquals("Your kernel does not support Block I/O weight. Weight discarded.",
                rejected(with(b -> b.blkioWeight(500))));
        assertDoesNotThrow(() -> new HostConfigValidator(FULL).check(with(b -> b.blkioWeight(500))));
    }

    @Test
    void cpuSettings() {
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set.",
                rejected(with(b -> b.nanoCpus(500_000_000L).cpuPeriod(100_000))));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set.",
                rejected(with(b -> b.nanoCpus(500_000_000L).cpuQuota(50_000))));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                rejected(with(b -> b.nanoCpus(3_000_000_000L))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.nanoCpus(500_000_000L))));
        assertEquals("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
                rejected(with(b -> b.cpuPeriod(999))));
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", rejected(with(b -> b.cpuQuota(500))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.cpuQuota(-1))));
        assertTrue(rejected(with(b -> b.cpuShares(-2))).contains("must not be negative"));
    }

    @Test
    void cpusetMustBeAvailable() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.cpusetCpus("0-1").cpusetMems("0"))));
        assertEquals("Requested CPUs are not available - requested 0-5, available: 0-1.",
                rejected(with(b -> b.cpusetCpus("0-5"))));
        assertEquals("Checking cpuset.cpus got invalid format: a-b.", rejected(with(b -> b.cpusetCpus("a-b"))));
        assertEquals("Requested memory nodes are not available - requested 3, available: 0.",
                rejected(with(b -> b.cpusetMems("3"))));
        assertDoesNotThrow(() -> validator.check(with(b -> b.cpusetCpus(""))), "docker sends empty strings");
    }

    @Test
    void pidsAndHugetlb() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.pidsLimit(-1L))));
        assertTrue(rejected(with(b -> b.pidsLimit(-5L))).contains("-1 (unlimited) or positive"));
        assertEquals("Your kernel does not support hugetlb limit. --hugetlb-limit discarded.",
                rejected(with(b -> b.hugetlbs(List.of(new HostConfig.Hugetlb("2MB", 1L << 21))))));
        HostConfigValidator full = new HostConfigValidator(FULL);
        assertThrows(EngineException.class,
                () -> full.check(with(b -> b.hugetlbs(List.of(new HostConfig.Hugetlb("3MB", 1L << 21))))));
        HostConfig normalized = full.normalize(with(b -> b.hugetlbs(List.of(new HostConfig.Hugetlb(null, 1L << 21),
                new HostConfig.Hugetlb("1g", 1L << 30)))));
        assertEquals(List.of(new HostConfig.Hugetlb("2MB", 1L << 21), new HostConfig.Hugetlb("1GB", 1L << 30)),
                normalized.hugetlbs());
    }

    @Test
    void restartPolicies() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.restartPolicy(new HostConfig.RestartPolicy("on-failure", 3)))));
        assertEquals("Invalid restart policy 'sometimes'",
                rejected(with(b -> b.restartPolicy(new HostConfig.RestartPolicy("sometimes", 0)))));
        assertEquals("Maximum retry count cannot be negative",
                rejected(with(b -> b.restartPolicy(new HostConfig.RestartPolicy("on-failure", -1)))));
        assertEquals("Maximum retry count cannot be used with restart policy 'always'",
                rejected(with(b -> b.restartPolicy(new HostConfig.RestartPolicy("always", 2)))));
        assertEquals("Can't create 'AutoRemove' container with restart policy",
                rejected(with(b -> b.autoRemove(true).restartPolicy(new HostConfig.RestartPolicy("always", 0)))));
    }

    @Test
    void normalizeGivesTheDefaultShmSize() {
        assertEquals(64L << 20, validator.normalize(HostConfig.empty()).shmSize());
        assertEquals(1L << 20, validator.normalize(with(b -> b.shmSize(1L << 20))).shmSize());
        assertEquals("SHM size can not be less than 0", rejected(with(b -> b.shmSize(-1))));
    }

    @Test
    void cgroupParentStaysInsideTheHierarchy() {
        assertDoesNotThrow(() -> validator.check(with(b -> b.cgroupParent("/mine"))));
        assertTrue(rejected(with(b -> b.cgroupParent("../../etc"))).contains(".."));
    }

    @Test
    void healthCheckParameters() {
        long second = 1_000_000_000L;
        assertDoesNotThrow(() -> HostConfigValidator.checkHealth(
                new HealthConfig(List.of("CMD-SHELL", "true"), second, second, 0, 3, false)));
        assertEquals("Interval in Healthcheck cannot be less than one second", assertThrows(EngineException.class,
                () -> HostConfigValidator.checkHealth(new HealthConfig(List.of("CMD", "true"), 10, 0, 0, 0, false)))
                .getMessage());
        assertEquals("Timeout in Healthcheck cannot be less than one second", assertThrows(EngineException.class,
                () -> HostConfigValidator.checkHealth(new HealthConfig(List.of("CMD", "true"), 0, 5, 0, 0, false)))
                .getMessage());
        assertEquals("--health-retries cannot be negative", assertThrows(EngineException.class,
                () -> HostConfigValidator.checkHealth(new HealthConfig(List.of("CMD", "true"), 0, 0, 0, -1, false)))
                .getMessage());
        assertThrows(EngineException.class,
                () -> HostConfigValidator.checkHealth(new HealthConfig(List.of("SHELL", "true"), 0, 0, 0, 0, false)));
    }

    @Test
    void updateIsCheckedAgainstTheContainer() {
        HostConfig current = with(b -> b.memory(64L << 20).nanoCpus(1_000_000_000L));
        assertDoesNotThrow(() -> validator.checkUpdate(update(128L << 20, 0, 0, 0), current));
        assertEquals("Minimum memory limit allowed is 4MB",
                assertThrows(EngineException.class, () -> validator.checkUpdate(update(100, 0, 0, 0), current))
                        .getMessage());
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set.",
                assertThrows(EngineException.class, () -> validator.checkUpdate(update(0, 0, 100_000, 0), current))
                        .getMessage());
        assertEquals("Range of blkio weight is from 10 to 1000.",
                assertThrows(EngineException.class, () -> validator.checkUpdate(update(0, 0, 0, 3), current))
                        .getMessage());
    }

    private static ContainerUpdate update(long memory, long swap, long period, int blkio) {
        return new ContainerUpdate(0, period, 0, 0, null, null, memory, swap, 0, 0, blkio, null, null);
    }

    @Test
    void cpuListsParse() {
        assertEquals(List.of(0, 1, 2, 5), HostConfigValidator.CpuList.parse("0-2,5"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigValidator.CpuList.parse("2-1"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigValidator.CpuList.parse("1,,2"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigValidator.CpuList.parse("99999999"));
    }
}
