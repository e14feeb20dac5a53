package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binds, named and anonymous local volumes, --mount, --tmpfs, --volumes-from, --device; volume ls/rm/prune. */
class VolumesTest extends E2eBase {

    private Result run(List<String> options, String script) {
        List<String> before = new java.util.ArrayList<>(List.of("run", "--rm"));
        before.addAll(options);
        Result r = isula(withRootfs(before, "sh", "-c", script));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private List<String> volumeNames() {
        return isula.ok("volume", "ls", "-q").lines();
    }

    @Test
    void aNamedVolumesDataSurvivesItsContainerAndReappears() {
        String vol = uniqueName("vol");
        String first = uniqueName("writer");
        create(first, List.of("-v", vol + ":/data"), "sh", "-c", "echo kept-$HOSTNAME > /data/note");
        isula.ok("start", first);
        assertEquals("0", isula.ok("wait", first).out());
        assertTrue(volumeNames().contains(vol));
        Path data = daemon.graph().resolve("volumes").resolve(vol).resolve("_data");
        assertTrue(Files.isRegularFile(data.resolve("note")), "the data lives in <graph>/volumes/NAME/_data");
        Result inUse = isula("volume", "rm", vol);
        assertNotEquals(0, inUse.exitCode(), inUse::toString);
        assertTrue(inUse.stderr().contains("in use"), inUse::toString);
        isula.ok("rm", "-v", first);
        assertTrue(volumeNames().contains(vol), "rm -v keeps named volumes");
        Result r = run(List.of("-v", vol + ":/again:ro"), "cat /again/note; touch /again/x 2>&1; echo rc=$?");
        assertTrue(r.stdout().startsWith("kept-"), r::toString);
        assertTrue(r.lines().contains("rc=1") && r.stdout().contains("Read-only file system"), r::toString);
        assertEquals(vol, isula.ok("volume", "rm", vol).out());
        assertFalse(volumeNames().contains(vol));
        assertFalse(Files.exists(data));
    }

    @Test
    void anonymousVolumesGoWithRmDashV() {
        String name = uniqueName("anon");
        create(name, List.of("-v", "/scratch", "--mount", "type=volume,target=/more"), "true");
        JsonNode mounts = Json.parse(inspectF(name, "{{json .Mounts}}"), name);
        assertEquals(2, mounts.size(), mounts::toString);
        for (JsonNode m : mounts) {
            assertEquals("volume", m.path("Type").asText());
            assertTrue(m.path("Name").asText().matches("[0-9a-f]{64}"), m::toString);
            assertTrue(volumeNames().contains(m.path("Name").asText()));
        }
        isula.ok("rm", "-v", name);
        for (JsonNode m : mounts) {
            assertFalse(volumeNames().contains(m.path("Name").asText()), "anonymous volumes go with rm -v");
        }
    }

    @Test
    void pruneRemovesOnlyUnusedVolumes() {
        String used = uniqueName("used");
        String unused = uniqueName("unused");
        String holder = uniqueName("holder");
        create(holder, List.of("-v", used + ":/u"), "true");
        run(List.of("-v", unused + ":/x"), "true");
        Result prune = isula.ok("volume", "prune", "-f");
        assertTrue(prune.lines().contains(unused), prune::toString);
        assertFalse(prune.lines().contains(used), prune::toString);
        assertTrue(volumeNames().contains(used));
        isula.ok("rm", holder);
        isula.ok("volume", "rm", used);
    }

    @Test
    void bindsMountsAndTmpfsSeenInside() throws IOException {
        Path host = Files.createDirectories(daemon.dir().resolve("bind-src"));
        Files.writeString(host.resolve("from-host"), "hello\n");
        Result r = run(List.of("-v", host + ":/h:ro", "--mount", "type=bind,source=" + host + ",target=/rw",
                "--mount", "type=tmpfs,target=/t,tmpfs-size=2m", "--tmpfs", "/run/x:size=1m"),
                "cat /h/from-host; touch /h/no 2>/dev/null || echo h-ro; echo w > /rw/written;"
                        + " grep -E ' /t | /run/x ' /proc/mounts | cut -d' ' -f2,3,4");
        assertTrue(r.lines().contains("hello") && r.lines().contains("h-ro"), r::toString);
        assertEquals("w\n", Files.readString(host.resolve("written")), "a writable bind writes to the host");
        assertTrue(r.stdout().contains("/t tmpfs") && r.stdout().contains("size=2048k"), r::toString);
        assertTrue(r.stdout().contains("/run/x tmpfs") && r.stdout().contains("size=1024k"), r::toString);
        Path missing = daemon.dir().resolve("made-by-v");
        run(List.of("-v", missing + ":/m"), "true");
        assertTrue(Files.isDirectory(missing), "-v creates a missing host folder, as iSulad");
    }

    @Test
    void volumesFromSharesAnotherContainersVolumes() {
        String vol = uniqueName("shared");
        String src = uniqueName("src");
        create(src, List.of("-v", vol + ":/shared"), "sh", "-c", "echo from-src > /shared/f");
        isula.ok("start", src);
        isula.ok("wait", src);
        Result r = run(List.of("--volumes-from", src + ":ro"), "cat /shared/f; touch /shared/g 2>/dev/null || echo ro");
        assertTrue(r.lines().containsAll(List.of("from-src", "ro")), r::toString);
        isula.ok("rm", "-v", src);
        isula.ok("volume", "rm", vol);
    }

    @Test
    void deviceIsCreatedInsideWithItsPermissions() {
        // /dev/loop-control is not among a default container's devices; writing to it is EINVAL once opened
        Result r = run(List.of("--device", "/dev/loop-control:/dev/lc:r"), "ls -l /dev/lc; echo x > /dev/lc; true");
        assertTrue(r.stdout().startsWith("c") && r.stdout().contains("10, 237"), () -> "the host's device node:\n" + r);
        assertTrue(r.all().contains("Operation not permitted"), () -> "r only: the device cgroup refuses writing:\n" + r);
        Result rw = run(List.of("--device", "/dev/loop-control:/dev/lc:rw"), "echo x > /dev/lc; true");
        assertTrue(rw.all().contains("Invalid argument"), () -> "rw: opened, the driver refuses the write:\n" + rw);
        Result none = run(List.of(), "ls /dev/lc /dev/loop-control 2>&1; true");
        assertTrue(none.all().contains("No such file"), none::toString);
    }
}
