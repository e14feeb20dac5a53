package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Host-side settings of a container, with Docker's {@code HostConfig} keys (plus iSulad's {@code ExternalRootfs},
 * {@code Hugetlbs} and {@code HookSpec}). Numbers left at 0 (and null boxed numbers) mean "not set": the engine's
 * defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("ExternalRootfs") String externalRootfs,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        // mounts
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("Mounts") List<Mount> mounts,
        @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("ShmSize") long shmSize,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        // resources
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("Hugetlbs") List<Hugetlb> hugetlbs,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("OomScoreAdj") int oomScoreAdj,
        // security
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("HookSpec") String hookSpec,
        // name resolution
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        // logging
        @JsonProperty("LogConfig") LogConfig logConfig) {

    /** The settings of the walking skeleton; everything else unset. */
    public HostConfig(String runtime, boolean autoRemove, String externalRootfs, String networkMode,
                      RestartPolicy restartPolicy) {
        this(runtime, autoRemove, externalRootfs, networkMode, restartPolicy, null, null, null, null, false, 0, null,
                0, 0, 0, null, 0, 0, 0, 0, null, null, null, 0, null, null, null, null, 0, false, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public static HostConfig empty() { return new HostConfig(null, false, null, null, null); }

    public HostConfig withRuntime(String name) {
        return toBuilder().runtime(name).build();
    }

    public HostConfig withLogConfig(LogConfig log) {
        return toBuilder().logConfig(log).build();
    }

    /**
     * Docker's {@code LogConfig}: the driver ({@code json-file}; empty means the daemon's default) and its options
     * ({@code max-size}, {@code max-file}, {@code disable-log}, as iSulad's {@code --log-opt}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {
    }

    public Builder toBuilder() { return new Builder(this); }

    public static Builder builder() { return new Builder(empty()); }

    /** {@code RestartPolicy}: no, always, unless-stopped, on-failure (with a maximum of retries, 0 = unlimited). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(@JsonProperty("Name") String name,
                                @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    }

    /** One {@code --mount}: Docker's {@code mount.Mount}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(@JsonProperty("Type") String type,
                        @JsonProperty("Source") String source,
                        @JsonProperty("Target") String target,
                        @JsonProperty("ReadOnly") boolean readOnly,
                        @JsonProperty("BindOptions") BindOptions bindOptions,
                        @JsonProperty("VolumeOptions") VolumeOptions volumeOptions,
                        @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BindOptions(@JsonProperty("Propagation") String propagation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeOptions(@JsonProperty("NoCopy") boolean noCopy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TmpfsOptions(@JsonProperty("SizeBytes") long sizeBytes, @JsonProperty("Mode") int mode) {
    }

    /** {@code --device HOST[:CONTAINER[:PERMISSIONS]]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
                                @JsonProperty("PathInContainer") String pathInContainer,
                                @JsonProperty("CgroupPermissions") String cgroupPermissions) {
    }

    /** {@code --ulimit NAME=SOFT[:HARD]}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft,
                         @JsonProperty("Hard") long hard) {
    }

    /** {@code --hugetlb-limit [PAGESIZE:]LIMIT} (iSulad's key). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hugetlb(@JsonProperty("PageSize") String pageSize, @JsonProperty("Limit") long limit) {
    }

    /** Builds host configs field by field (create requests set a few of many). */
    public static final class Builder {
        private String runtime;
        private boolean autoRemove;
        private String externalRootfs;
        private String networkMode;
        private RestartPolicy restartPolicy;
        private List<String> binds;
        private List<Mount> mounts;
        private Map<String, String> tmpfs;
        private List<String> volumesFrom;
        private boolean readonlyRootfs;
        private long shmSize;
        private List<DeviceMapping> devices;
        private long memory;
        private long memorySwap;
        private long memoryReservation;
        private Long memorySwappiness;
        private long cpuShares;
        private long cpuPeriod;
        private long cpuQuota;
        private long nanoCpus;
        private String cpusetCpus;
        private String cpusetMems;
        private Long pidsLimit;
        private int blkioWeight;
        private List<Hugetlb> hugetlbs;
        private List<Ulimit> ulimits;
        private String cgroupParent;
        private Boolean oomKillDisable;
        private int oomScoreAdj;
        private boolean privileged;
        private List<String> capAdd;
        private List<String> capDrop;
        private List<String> securityOpt;
        private Map<String, String> sysctls;
        private List<String> groupAdd;
        private String hookSpec;
        private List<String> dns;
        private List<String> dnsOptions;
        private List<String> dnsSearch;
        private List<String> extraHosts;
        private LogConfig logConfig;

        private Builder(HostConfig h) {
            runtime = h.runtime;
            autoRemove = h.autoRemove;
            externalRootfs = h.externalRootfs;
            networkMode = h.networkMode;
            restartPolicy = h.restartPolicy;
            binds = h.binds;
            mounts = h.mounts;
            tmpfs = h.tmpfs;
            volumesFrom = h.volumesFrom;
            readonlyRootfs = h.readonlyRootfs;
            shmSize = h.shmSize;
            devices = h.devices;
            memory = h.memory;
            memorySwap = h.memorySwap;
            memoryReservation = h.memoryReservation;
            memorySwappiness = h.memorySwappiness;
            cpuShares = h.cpuShares;
            cpuPeriod = h.cpuPeriod;
            cpuQuota = h.cpuQuota;
            nanoCpus = h.nanoCpus;
            cpusetCpus = h.cpusetCpus;
            cpusetMems = h.cpusetMems;
            pidsLimit = h.pidsLimit;
            blkioWeight = h.blkioWeight;
            hugetlbs = h.hugetlbs;
            ulimits = h.ulimits;
            cgroupParent = h.cgroupParent;
            oomKillDisable = h.oomKillDisable;
            oomScoreAdj = h.oomScoreAdj;
            privileged = h.privileged;
            capAdd = h.capAdd;
            capDrop = h.capDrop;
            securityOpt = h.securityOpt;
            sysctls = h.sysctls;
            groupAdd = h.groupAdd;
            hookSpec = h.hookSpec;
            dns = h.dns;
            dnsOptions = h.dnsOptions;
            dnsSearch = h.dnsSearch;
            extraHosts = h.extraHosts;
            logConfig = h.logConfig;
        }

        public Builder runtime(String v) { runtime = v; return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder externalRootfs(String v) { externalRootfs = v; return this; }
        public Builder networkMode(String v) { networkMode = v; return this; }
        public Builder restartPolicy(RestartPolicy v) { restartPolicy = v; return this; }
        public Builder binds(List<String> v) { binds = v; return this; }
        public Builder mounts(List<Mount> v) { mounts = v; return this; }
        public Builder tmpfs(Map<String, String> v) { tmpfs = v; return this; }
        public Builder volumesFrom(List<String> v) { volumesFrom = v; return this; }
        public Builder readonlyRootfs(boolean v) { readonlyRootfs = v; return this; }
        public Builder shmSize(long v) { shmSize = v; return this; }
        public Builder devices(List<DeviceMapping> v) { devices = v; return this; }
        public Builder memory(long v) { memory = v; return this; }
        public Builder memorySwap(long v) { memorySwap = v; return this; }
        public Builder memoryReservation(long v) { memoryReservation = v; return this; }
        public Builder memorySwappiness(Long v) { memorySwappiness = v; return this; }
        public Builder cpuShares(long v) { cpuShares = v; return this; }
        public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
        public Builder cpuQuota(long v) { cpuQuota = v; return this; }
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
        public Builder cpusetMems(String v) { cpusetMems = v; return this; }
        public Builder pidsLimit(Long v) { pidsLimit = v; return this; }
        public Builder blkioWeight(int v) { blkioWeight = v; return this; }
        public Builder hugetlbs(List<Hugetlb> v) { hugetlbs = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder cgroupParent(String v) { cgroupParent = v; return this; }
        public Builder oomKillDisable(Boolean v) { oomKillDisable = v; return this; }
        public Builder oomScoreAdj(int v) { oomScoreAdj = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder securityOpt(List<String> v) { securityOpt = v; return this; }
        public Builder sysctls(Map<String, String> v) { sysctls = v; return this; }
        public Builder groupAdd(List<String> v) { groupAdd = v; return this; }
        public Builder hookSpec(String v) { hookSpec = v; return this; }
        public Builder dns(List<String> v) { dns = v; return this; }
        public Builder dnsOptions(List<String> v) { dnsOptions = v; return this; }
        public Builder dnsSearch(List<String> v) { dnsSearch = v; return this; }
        public Builder extraHosts(List<String> v) { extraHosts = v; return this; }
        public Builder logConfig(LogConfig v) { logConfig = v; return this; }

        public HostConfig build() {
            return new HostConfig(runtime, autoRemove, externalRootfs, networkMode, restartPolicy, binds, mounts, tmpfs,
                    volumesFrom, readonlyRootfs, shmSize, devices, memory, memorySwap, memoryReservation,
                    memorySwappiness, cpuShares, cpuPeriod, cpuQuota, nanoCpus, cpusetCpus, cpusetMems, pidsLimit,
                    blkioWeight, hugetlbs, ulimits, cgroupParent, oomKillDisable, oomScoreAdj, privileged, capAdd,
                    capDrop, securityOpt, sysctls, groupAdd, hookSpec, dns, dnsOptions, dnsSearch, extraHosts,
                    logConfig);
        }
    }
}
