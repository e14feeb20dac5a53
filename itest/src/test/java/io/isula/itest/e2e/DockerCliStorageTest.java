package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The docker CLI on what containers, images and volumes keep on disk: prune, system df, diff. On a daemon of their
 * own (a prune takes everything that matches); images are imported from the busybox rootfs through the OCI type.
 */
class DockerCliStorageTest extends DockerE2eBase {
    @Test
    void containerPruneTakesStoppedContainersThatMatchAndCountsTheirWrites() {
        String image = importImage(uniqueName("prune-img") + ":1", null);
        String made = uniqueName("made");
        String wrote = uniqueName("wrote");
        String running = uniqueName("running");
        String kept = uniqueName("kept");
        String madeId = docker.ok("create", "--name", made, image, "true").out();
        docker.ok("run", "--name", wrote, image, "sh", "-c", "head -c 100000 /dev/zero > /big");
        String wroteId = docker.ok("inspect", "-f", "{{.Id}}", wrote).out();
        docker.ok("run", "-d", "--name", running, image, "sleep", "300");
        docker.ok("create", "--name", kept, "--label", "keep=yes", image, "true");

        assertEquals("", docker.ok("container", "prune", "-f", "--filter", "until=1h").out().replace(
                "Total reclaimed space: 0B", "").strip(), "every container is younger than an hour");
        Result pruned = docker.ok("container", "prune", "-f", "--filter", "label!=keep=yes");
        assertTrue(pruned.lines().containsAll(List.of(madeId, wroteId)), pruned::toString);
        assertTrue(pruned.out().contains("Total reclaimed space: 100kB"), pruned::toString);
        List<String> left = docker.ok("ps", "-a", "--format", "{{.Names}}").lines();
        assertEquals(List.of(kept, running).stream().sorted().toList(), left.stream().sorted().toList());

        Result bad = docker.run("container", "prune", "-f", "--filter", "status=exited");
        assertTrue(bad.exitCode() != 0 && bad.all().contains("Invalid filter 'status'"), bad::toString);
        docker.ok("rm", "-f", running, kept);
        docker.ok("rmi", image);
    }

    @Test
    void imagePruneTakesDanglingImagesThenEveryUnusedOne() throws IOException {
        String tagged = importImage(uniqueName("prune-keep") + ":1", null);
        String dangling = importImage(null, "dangling");
        String user = uniqueName("user");
        docker.ok("create", "--name", user, tagged, "true");

        Result first = docker.ok("image", "prune", "-f");
        assertTrue(first.out().contains("deleted: " + dangling), first::toString);
        assertTrue(!first.out().contains("Total reclaimed space: 0B"), first::toString);
        List<String> images = docker.ok("images", "-a", "--format", "{{.Repository}}:{{.Tag}}").lines();
        assertTrue(images.contains(tagged), images::toString);
        assertFalse(images.contains("<none>:<none>"), images::toString);

        assertFalse(docker.ok("image", "prune", "-a", "-f").out().contains("untagged: " + tagged),
                "an image a container uses stays");
        docker.ok("rm", user);
        Result all = docker.ok("image", "prune", "-a", "-f");
        assertTrue(all.out().contains("untagged: " + tagged), all::toString);
        assertFalse(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines().contains(tagged));

        UnixHttp.Response badFilter = UnixHttp.exchange(daemon.socket(), UnixHttp.post(
                "/images/prune?filters=%7B%22dangling%22%3A%5B%22maybe%22%5D%7D", "application/json", ""),
                Duration.ofSeconds(30));
        assertEquals(400, badFilter.status(), badFilter::raw);
        assertTrue(badFilter.body().contains("invalid filter 'dangling=maybe'"), badFilter::raw);
        assertTrue(UnixHttp.ping(daemon.socket()));
    }

    @Test
    void diffListsWhatAContainerChangedInItsImage() {
        String image = importImage(uniqueName("diff-img") + ":1", null);
        String name = uniqueName("differ");
        docker.ok("run", "--name", name, image, "sh", "-c",
                "echo extra >> /etc/passwd; mkdir /made; echo x > /made/f; rm /bin/true");
        Result diff = docker.ok("diff", name);
        assertEquals(List.of("C /bin", "D /bin/true", "C /etc/passwd", "A /made", "A /made/f"), diff.lines(),
                diff::toString);
        String external = uniqueName("outside");
        isula.ok(withRootfs(List.of("create", "--name", external), "true"));
        Result refused = docker.run("diff", external);
        assertTrue(refused.exitCode() != 0 && refused.all().contains("diff is not supported by image type external"),
                refused::toString);
        docker.ok("rm", name, external);
        docker.ok("rmi", image);
    }

    @Test
    void systemDfShowsWhatPruneWouldFree() {
        String image = importImage(uniqueName("df-img") + ":1", null);
        String wrote = uniqueName("dfwrote");
        String vol = uniqueName("dfvol");
        docker.ok("run", "--name", wrote, "-v", vol + ":/data", image, "sh", "-c",
                "head -c 100000 /dev/zero > /big; head -c 2000 /dev/zero > /data/f");
        Result df = docker.ok("system", "df", "-v");
        String row = df.lines().stream().filter(l -> l.endsWith(" " + wrote)).findFirst().orElseThrow(() -> new AssertionError(df));
        assertTrue(row.contains(" 100kB "), df::toString);
        String volRow = df.lines().stream().filter(l -> l.startsWith(vol + " ")).findFirst().orElseThrow(() -> new AssertionError(df));
        assertTrue(volRow.matches(vol + "\\s+1\\s+2kB"), volRow);
        assertTrue(df.lines().stream().anyMatch(l -> l.startsWith(image.substring(0, image.indexOf(':')) + " ")
                && l.contains(" 0B ") && l.endsWith(" 1")), "unique to it, used by one container:\n" + df);
        docker.ok("rm", wrote);
        docker.ok("volume", "rm", vol);
        docker.ok("rmi", image);
    }

    @Test
    void volumePruneTakesAnonymousVolumesUnlessAllAsDockerAndIsulaTakesEvery() throws IOException {
        String named = uniqueName("named");
        docker.ok("volume", "create", named);
        String anonymous = docker.ok("volume", "create").out();
        Files.write(daemon.graph().resolve("volumes").resolve(anonymous).resolve("_data/f"), new byte[1234]);

        Result pruned = docker.ok("volume", "prune", "-f");
        assertTrue(pruned.lines().contains(anonymous), pruned::toString);
        assertFalse(pruned.lines().contains(named), pruned::toString);
        assertTrue(pruned.out().contains("Total reclaimed space: 1.234kB"), pruned::toString);
        assertTrue(docker.ok("volume", "ls", "-q").lines().contains(named));

        Result all = docker.ok("volume", "prune", "-a", "-f");
        assertTrue(all.lines().contains(named), all::toString);
        String again = uniqueName("again");
        docker.ok("volume", "create", again);
        assertTrue(isula.ok("volume", "prune", "-f").lines().contains(again), "iSulad's prune takes named ones too");
    }

    /**
     * {@code docker import} of the busybox rootfs, plus a file named {@code marker} when given (a different image);
     * returns the name, or the id of an image imported without one.
     */
    private String importImage(String name, String marker) {
        Path dir = daemon.dir().resolve("import-" + uniqueName("tar"));
        try {
            Files.createDirectories(dir);
            Path tar = dir.resolve("rootfs.tar");
            Path tree = rootfs.path();
            if (marker != null) {
                tree = Files.createDirectories(dir.resolve("tree"));
                Exec.run(List.of("cp", "-a", rootfs.path() + "/.", tree + "/"), Map.of(), null, Duration.ofSeconds(60));
                Files.writeString(tree.resolve("marker"), marker);
            }
            Exec.run(List.of("tar", "--numeric-owner", "-C", tree.toString(), "-cf", tar.toString(), "."), Map.of(),
                    null, Duration.ofSeconds(60));
            String out = name == null ? docker.ok("import", tar.toString()).out()
                    : docker.ok("import", tar.toString(), name).out();
            return name == null ? out : name;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
