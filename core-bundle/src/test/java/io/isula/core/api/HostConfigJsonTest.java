package io.isula.core.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records of container configuration read and write Docker's JSON (what the docker client sends). */
class HostConfigJsonTest {
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void dockerClientsCreateBodyReads() throws Exception {
        String body = """
                {"Image":"busybox","Cmd":["sleep","9"],"Volumes":{"/anon":{}},
                 "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Retries":2},
                 "HostConfig":{"Binds":["data:/data"],"Memory":33554432,"MemorySwappiness":null,"PidsLimit":null,
                   "CpuShares":0,"CpusetCpus":"","OomKillDisable":false,"CapDrop":["ALL"],"Privileged":false,
                   "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"Dns":[],"ConsoleSize":[0,0],
                   "Ulimits":[{"Name":"nofile","Soft":10,"Hard":20}],"LogConfig":{"Type":"","Config":{}},
                   "Mounts":[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576}}]}}""";
        ContainerConfig c = json.readValue(body, ContainerConfig.class);
        HostConfig h = c.hostConfig();
        assertEquals(33554432L, h.memory());
        assertNull(h.memorySwappiness());
        assertNull(h.pidsLimit());
        assertEquals(List.of("ALL"), h.capDrop());
        assertEquals(3, h.restartPolicy().maximumRetryCount());
        assertEquals(20, h.ulimits().get(0).hard());
        assertEquals(1048576, h.mounts().get(0).tmpfsOptions().sizeBytes());
        assertEquals(List.of("CMD-SHELL", "true"), c.healthcheck().test());
        assertTrue(c.volumes().containsKey("/anon"));
    }

    @Test
    void roundTrip() throws Exception {
        HostConfig h = HostConfig.builder().runtime("runc").memory(1L << 26).pidsLimit(10L)
                .sysctls(Map.of("kernel.shmmax", "1")).devices(List.of(new HostConfig.DeviceMapping("/dev/fuse",
                        "/dev/fuse", "rwm"))).hookSpec("/h.json").build();
        assertEquals(h, json.readValue(json.writeValueAsString(h), HostConfig.class));
        ContainerState s = new ContainerState(ContainerStatus.RUNNING, true, false, false, true, false, 1, 0, "", "a",
                "b", new HealthState("healthy", 0, List.of(new HealthState.Probe("s", "e", 0, "ok"))));
        assertEquals(s, json.readValue(json.writeValueAsString(s), ContainerState.class));
        assertTrue(!json.writeValueAsString(new ContainerState(ContainerStatus.EXITED, false, false, false, false,
                false, 0, 0, "", "a", "b")).contains("Health"), "no health check, no Health key");
    }
}
