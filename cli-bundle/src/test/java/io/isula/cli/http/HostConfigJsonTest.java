package io.isula.cli.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerState;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HealthState;
import io.isula.core.api.HostConfig;
import io.isula.core.api.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand mapping of the configuration records against Jackson, the daemon's side of the wire. */
class HostConfigJsonTest {
    private final ObjectMapper jackson = new ObjectMapper();

    private static final HostConfig FULL = HostConfig.builder().runtime("runc").autoRemove(false)
            .restartPolicy(new HostConfig.RestartPolicy("on-failure", 3)).binds(List.of("/a:/b:ro"))
            .mounts(List.of(new HostConfig.Mount("bind", "/s", "/t", true, new HostConfig.BindOptions("rslave"), null,
                    null), new HostConfig.Mount("tmpfs", null, "/tmp", false, null, null,
                    new HostConfig.TmpfsOptions(1024, 0700)), new HostConfig.Mount("volume", "v", "/v", false, null,
                    new HostConfig.VolumeOptions(true), null)))
            .tmpfs(Map.of("/run", "size=1m")).volumesFrom(List.of("web:ro")).readonlyRootfs(true).shmSize(1 << 20)
            .devices(List.of(new HostConfig.DeviceMapping("/dev/fuse", "/dev/fuse", "rwm"))).memory(1 << 25)
            .memorySwap(-1).memoryReservation(1 << 24).memorySwappiness(10L).cpuShares(512).cpuPeriod(100000)
            .cpuQuota(50000).cpusetCpus("0").cpusetMems("0").pidsLimit(10L).blkioWeight(300)
            .hugetlbs(List.of(new HostConfig.Hugetlb("2MB", 1 << 21)))
            .ulimits(List.of(new HostConfig.Ulimit("nofile", 10, 20))).cgroupParent("/p").oomKillDisable(true)
            .oomScoreAdj(-5).privileged(true).capAdd(List.of("SYS_ADMIN")).capDrop(List.of("ALL"))
            .securityOpt(List.of("no-new-privileges")).sysctls(Map.of("kernel.shmmax", "1")).groupAdd(List.of("audio"))
            .hookSpec("/h.json").dns(List.of("10.0.0.1")).dnsOptions(List.of("ndots:1")).dnsSearch(List.of("a.b"))
            .extraHosts(List.of("db:10.0.0.2")).build();

    @Test
    void hostConfigAsJacksonWritesAndReadsIt() throws Exception {
        assertEquals(jackson.readTree(jackson.writeValueAsString(FULL)),
                jackson.readTree(MiniJson.write(HostConfigJson.tree(FULL))));
        assertEquals(FULL, HostConfigJson.hostConfig(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(FULL)),
                "h")));
        assertEquals(HostConfig.empty(), HostConfigJson.hostConfig(ApiJson.asObject(
                MiniJson.parse(jackson.writeValueAsString(HostConfig.empty())), "h")));
    }

    @Test
    void healthCheckAndHealthState() throws Exception {
        ContainerConfig c = ContainerConfig.builder().image("i").healthcheck(new HealthConfig(List.of("CMD-SHELL", "x"),
                1, 2, 3, 4, true)).volumes(Map.of("/anon", Map.of())).build();
        assertEquals(jackson.readTree(jackson.writeValueAsString(c)), jackson.readTree(MiniJson.write(ApiJson.tree(c))));
        assertEquals(c, ApiJson.config(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(c)), "c")));
        ContainerState s = new ContainerState(ContainerStatus.RUNNING, true, false, false, true, false, 1, 0, "", "a",
                "b", new HealthState("unhealthy", 3, List.of(new HealthState.Probe("s", "e", 1, "no"))));
        assertEquals(jackson.readTree(jackson.writeValueAsString(s)), jackson.readTree(MiniJson.write(ApiJson.tree(s))));
        assertEquals(s, ApiJson.state(ApiJson.asObject(MiniJson.parse(jackson.writeValueAsString(s)), "s")));
    }

    @Test
    void updateAndVolumes() throws Exception {
        ContainerUpdate u = new ContainerUpdate(1, 2, 3, 4, "0", "0", 5, 6, 7, 0, 10, 20L,
                new HostConfig.RestartPolicy("always", 0));
        assertEquals(jackson.readTree(jackson.writeValueAsString(u)), jackson.readTree(MiniJson.write(HostConfigJson.tree(u))));
        Volume v = new Volume("data", "local", "/g/volumes/data/_data", "2024-01-01T00:00:00Z", "local", Map.of());
        String answer = jackson.writeValueAsString(Map.of("Volumes", List.of(v), "Warnings", List.of()));
        assertEquals(List.of(v), HostConfigJson.volumes(ApiJson.asObject(MiniJson.parse(answer), "a")));
    }
}
