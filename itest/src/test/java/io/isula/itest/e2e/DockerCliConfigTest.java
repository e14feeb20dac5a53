package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stock docker CLI configures containers through our API: run options, update, pause, rename, volumes. */
class DockerCliConfigTest extends DockerE2eBase {
    @Test
    void dockerUpdatePauseUnpauseRenameAndInspect() {
        String name = uniqueName("dk");
        String id = runDetached(name, List.of("-m", "32m", "--cap-drop", "ALL", "--restart", "on-failure:2",
                "-v", "/tmp:/hosttmp:ro"), "sleep", "300");
        JsonNode c = Json.parse(docker.ok("inspect", name).stdout(), name).get(0);
        JsonNode h = c.path("HostConfig");
        assertEquals(32L << 20, h.path("Memory").asLong(), h::toString);
        assertEquals("ALL", h.path("CapDrop").get(0).asText());
        assertEquals("on-failure", h.path("RestartPolicy").path("Name").asText());
        assertEquals(2, h.path("RestartPolicy").path("MaximumRetryCount").asInt());
        assertEquals("/hosttmp", c.path("Mounts").get(0).path("Destination").asText());

        assertEquals(name, docker.ok("update", "-m", "64m", "--cpu-shares", "300", name).out());
        assertEquals(String.valueOf(64L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        assertEquals("300", Cgroups.read("cpu", id, "cpu.shares"));

        docker.ok("pause", name);
        assertEquals("paused", status(name));
        assertEquals("FROZEN", Cgroups.read("freezer", id, "freezer.state"));
        docker.ok("unpause", name);
        assertEquals("running", status(name));
        assertEquals("THAWED", Cgroups.read("freezer", id, "freezer.state"));

        String renamed = uniqueName("dkrenamed");
        docker.ok("rename", name, renamed);
        assertEquals(id, inspectF(renamed, "{{.Id}}"));
        long before = pidOf(renamed);
        docker.ok("restart", "-t", "1", renamed);
        assertTrue(pidOf(renamed) != before);
        docker.ok("rm", "-f", renamed);
    }

    @Test
    void dockerVolumeLsShowsOurVolumes() {
        String vol = uniqueName("dkvol");
        String name = uniqueName("dkv");
        create(name, List.of("-v", vol + ":/data"), "true");
        Result ls = docker.ok("volume", "ls");
        assertTrue(ls.lines().stream().anyMatch(l -> l.startsWith("local") && l.endsWith(vol)), ls::toString);
        docker.ok("rm", "-v", name);
        assertEquals(vol, docker.ok("volume", "rm", vol).out());
        assertTrue(!docker.ok("volume", "ls", "-q").lines().contains(vol));
    }

    @Test
    void dockerVolumeCreateKeepsLabelsThatListFiltersOn() throws IOException {
        String vol = uniqueName("dkmade");
        assertEquals(vol, docker.ok("volume", "create", "--label", "app=web", "--label", "tier=db", vol).out());
        assertEquals("{\"app\":\"web\",\"tier\":\"db\"}",
                docker.ok("volume", "inspect", "-f", "{{json .Labels}}", vol).out());
        assertEquals(daemon.graph().resolve("volumes").resolve(vol).resolve("_data").toString(),
                docker.ok("volume", "inspect", "-f", "{{.Mountpoint}}", vol).out());
        assertEquals(vol, docker.ok("volume", "create", vol).out(), "a second create finds the first");
        assertEquals("{\"app\":\"web\",\"tier\":\"db\"}",
                docker.ok("volume", "inspect", "-f", "{{json .Labels}}", vol).out());
        assertTrue(docker.ok("volume", "ls", "-q", "-f", "label=app=web").lines().contains(vol));
        assertTrue(!docker.ok("volume", "ls", "-q", "-f", "label=app=other").lines().contains(vol));
        assertTrue(docker.ok("volume", "ls", "-q", "-f", "dangling=true").lines().contains(vol));

        String name = uniqueName("dkmadeuse");
        isula.ok("run", "--rm", "--name", name, "-v", vol + ":/data", "--external-rootfs", rootfs.path().toString(),
                "none", "sh", "-c", "echo kept > /data/f");
        assertEquals("kept\n", Files.readString(daemon.graph().resolve("volumes").resolve(vol).resolve("_data/f")));

        String anonymous = docker.ok("volume", "create").out();
        assertTrue(anonymous.matches("[0-9a-f]{64}"), anonymous);
        docker.ok("volume", "rm", anonymous);

        assertTrue(docker.run("volume", "create", "--driver", "nfs", uniqueName("dknfs")).all()
                .contains("plugin \"nfs\" not found"));
        Result opts = docker.run("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", uniqueName("dkopts"));
        assertTrue(opts.exitCode() != 0 && opts.all().contains("volume driver options are not supported: device, type"),
                opts::toString);
        Result bad = docker.run("volume", "create", "../escape");
        assertTrue(bad.exitCode() != 0 && bad.all().contains("Invalid volume name ../escape"), bad::toString);
        assertTrue(!Files.exists(daemon.graph().resolve("escape")));
        UnixHttp.Response malformed = UnixHttp.exchange(daemon.socket(),
                UnixHttp.post("/volumes/create", "application/json", "{\"Name\": "), Duration.ofSeconds(30));
        assertEquals(400, malformed.status(), malformed::raw);
        assertTrue(malformed.body().contains("invalid JSON in request body"), malformed::raw);
        Result badFilter = docker.run("volume", "ls", "-f", "dangling=maybe");
        assertTrue(badFilter.exitCode() != 0 && badFilter.all().contains("Invalid filter 'dangling=maybe'"),
                badFilter::toString);

        docker.ok("volume", "rm", vol);
        assertTrue(!Files.exists(daemon.graph().resolve("volumes").resolve(vol)));
    }

    /** {@code docker run} needs an image: a busybox image imported through the OCI image type, when it is there. */
    private String busyboxImage() {
        JsonNode info;
        try {
            info = Json.parse(UnixHttp.exchange(daemon.socket(), "GET /info HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n", Duration.ofSeconds(30)).body(), "GET /info");
        } catch (IOException e) {
            throw new AssertionError("GET /info failed: " + e, e);
        }
        boolean oci = false;
        for (JsonNode t : info.path("ImageTypes")) {
            oci |= t.asText().equals("oci");
        }
        assumeTrue(oci, "docker run needs an image; this build has no oci image type");
        Path tar = daemon.dir().resolve("busybox.tar");
        if (!Files.exists(tar)) {
            Exec.run(List.of("tar", "--numeric-owner", "-C", rootfs.path().toString(), "-cf", tar.toString(), "."),
                    Map.of(), null, Duration.ofSeconds(60));
            isula.ok("import", tar.toString(), "busybox:e2e");
        }
        return "busybox:e2e";
    }

    @Test
    void dockerRunWithVolumeMemoryRestartAndCapDrop() {
        String image = busyboxImage();
        String vol = uniqueName("dkrunvol");
        String name = uniqueName("dkrun");
        Result run = docker.ok("run", "-d", "--name", name, "-v", vol + ":/data", "-m", "32m", "--restart",
                "on-failure:2", "--cap-drop", "ALL", image, "sh", "-c",
                "grep CapEff /proc/self/status > /data/caps; echo $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) >> /data/caps; sleep 300");
        String id = run.out();
        Path caps = daemon.graph().resolve("volumes").resolve(vol).resolve("_data").resolve("caps");
        Poll.until(Duration.ofSeconds(20), "the container's report in its volume", () -> {
            try {
                return Files.exists(caps) && Files.readString(caps).lines().count() >= 2;
            } catch (IOException e) {
                return false;
            }
        });
        List<String> lines;
        try {
            lines = Files.readAllLines(caps);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(lines.get(0).endsWith("0000000000000000"), lines::toString);
        assertEquals(String.valueOf(32L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        assertEquals("on-failure", inspectF(name, "{{.HostConfig.RestartPolicy.Name}}"));
        docker.ok("rm", "-f", name);
        docker.ok("volume", "rm", vol);
    }
}
