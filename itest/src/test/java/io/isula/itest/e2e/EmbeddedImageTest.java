package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded image type end to end: images made at test time (a busybox ext4 rootfs on a loop device, or the
 * host's {@code /}, plus two squashfs layers), loaded with {@code isula load -t embedded}, run with real runc.
 */
class EmbeddedImageTest extends E2eBase {
    private Path embeddedRoot() {
        return daemon.graph().resolve("embedded/containers");
    }

    @Test
    void runSeesTheLayersReadOnlyWithTheImagesEnvAndWorkdir() throws Exception {
        String name = "emb-run:v1";
        try (EmbeddedImage image = EmbeddedImage.onLoopDevice(name, rootfs)) {
            Result load = isula.ok("load", "-i", image.manifest.toString(), "-t", "embedded");
            assertEquals("Load image from \"" + image.manifest + "\" success", load.out(), load::toString);

            Result images = isula.ok("images");
            String row = images.lines().stream().filter(l -> l.startsWith("emb-run ")).findFirst()
                    .orElseThrow(() -> new AssertionError("emb-run missing from isula images:\n" + images));
            String id = EmbeddedImage.digest(image.manifest).substring(7, 19);
            assertTrue(row.matches("emb-run\\s+v1\\s+" + id + "\\s+2021-01-01 00:00:00\\s+.*"), row);
            JsonNode manifest = Json.parse(isula.ok("inspect", name).stdout(), null).get(0);
            assertEquals(name, manifest.path("imageName").asText(), manifest::toString);
            assertEquals(image.tree.path("layers").get(1).path("digest").asText(),
                    manifest.path("layers").get(1).path("digest").asText());

            List<String> lines = runShell(name, "pwd; echo \"c=$c EMBEDDED=$EMBEDDED\"; "
                    + "cat /opt/platform/platform.txt /opt/platform/app/app.txt; touch /opt/platform/new 2>&1; "
                    + "touch /opt/platform/app/new 2>&1; touch /written && echo rootfs-writable");
            assertEquals(List.of("/opt/platform", "c=d e EMBEDDED=yes", "platform layer", "app layer"),
                    lines.subList(0, 4), lines::toString);
            assertReadOnly(lines.subList(4, 6));
            assertEquals("rootfs-writable", lines.get(6), lines::toString);

            assertNothingLeft(image);
            isula.ok("rmi", name);
        }
    }

    @Test
    void theHostRootAsLayerZeroWithADirectoryLayer() throws Exception {
        String name = "emb-dir:v1";
        try (EmbeddedImage image = EmbeddedImage.onHostRoot(name)) {
            Path appdir = Files.createDirectories(image.folder.resolve("appdir"));
            Files.writeString(appdir.resolve("dir.txt"), "directory layer\n");
            image.tree.withArray("layers").add(EmbeddedImage.layer(EmbeddedImage.DIRECTORY, 0, "", "appdir", "/srv/appdir"));
            image.write();
            isula.ok("load", "-i", image.manifest.toString(), "-t", "embedded");
            List<String> lines = runShell(name, "cat /etc/debian_version >/dev/null && echo host-root; "
                    + "cat /opt/platform/app/app.txt /srv/appdir/dir.txt; touch /srv/appdir/x 2>&1; true");
            assertEquals(List.of("host-root", "app layer", "directory layer"), lines.subList(0, 3), lines::toString);
            assertReadOnly(lines.subList(3, 4));
            assertFalse(Files.exists(Path.of("/srv/appdir/x")));
            assertNothingLeft(image);
            isula.ok("rmi", name);
        }
    }

    @Test
    void loadRefusesBadInputAsISulad() throws Exception {
        String name = "emb-bad:v1";
        try (EmbeddedImage image = EmbeddedImage.onHostRoot(name)) {
            Result type = isula("load", "-i", image.manifest.toString(), "-t", "abc");
            assertEquals(1, type.exitCode(), type::toString);
            assertEquals("Invalid image type: image type must be embedded or docker, got abc", type.stderr().strip());
            Result tag = isula("load", "-i", image.manifest.toString(), "-t", "embedded", "--tag", "x:1");
            assertEquals(1, tag.exitCode(), tag::toString);
            assertEquals("Option --tag can be used only when type is docker", tag.stderr().strip());
            Result missing = isula("load", "-i", image.folder.resolve("nothing.manifest").toString(), "-t", "embedded");
            assertEquals(1, missing.exitCode(), missing::toString);
            assertTrue(missing.stderr().contains("is not exist"), missing::toString);

            Path sgn = image.folder.resolve("test.sgn");
            Files.writeString(sgn, EmbeddedImage.digest(image.manifest) + "\n");
            refused(image, "Invalid manifest: invalid digest");
            Files.delete(sgn);
            refused(image, "Manifest's signature file not exist");

            image.tree.put("schemaVersion", 2);
            image.write();
            refused(image, "Invalid content in manifest: schema version must be 1");
            image.tree.put("schemaVersion", 1);
            image.tree.put("imageName", "emb-bad");
            image.write();
            refused(image, "Invalid content in manifest: invalid image name");
            image.tree.put("imageName", name);

            Files.writeString(image.dir.resolve("outside.img"), "outside");
            Files.createSymbolicLink(image.folder.resolve("escape.img"), image.dir.resolve("outside.img"));
            image.layer(2).put("pathInHost", "escape.img");
            image.write();
            refused(image, "Invalid content in manifest: layer not exists");
            image.layer(2).put("pathInHost", "../outside.img");
            image.write();
            refused(image, "Invalid content in manifest: layer not exists");
            image.layer(2).put("pathInHost", "app.img").put("digest", image.layer(1).path("digest").asText());
            image.write();
            refused(image, "Invalid content in manifest: layer(except first layer) has invalid digest");
            image.layer(2).put("digest", "");

            Path good = image.write();
            isula.ok("load", "-i", good.toString(), "-t", "embedded");
            isula.ok("load", "-i", good.toString(), "-t", "embedded");
            image.tree.put("created", "2022-02-02T00:00:00Z");
            image.write();
            Result conflict = isula("load", "-i", good.toString(), "-t", "embedded");
            assertEquals(1, conflict.exitCode(), conflict::toString);
            assertTrue(conflict.stderr().contains("Image name is conflicted in the database"), conflict::toString);
            isula.ok("rmi", name);
        }
    }

    @Test
    void rmiIsRefusedWhileAContainerUsesTheImage() throws Exception {
        String name = "emb-rmi:v1";
        try (EmbeddedImage image = EmbeddedImage.onHostRoot(name)) {
            isula.ok("load", "-i", image.manifest.toString(), "-t", "embedded");
            String c = uniqueName("emb-rmi");
            isula.ok("create", "-n", c, name, "true");
            Result rmi = isula("rmi", name);
            assertNotEquals(0, rmi.exitCode(), rmi::toString);
            assertTrue(isula.ok("images").out().contains("emb-rmi"));
            isula.ok("rm", c);
            isula.ok("rmi", name);
            assertFalse(isula.ok("images").out().contains("emb-rmi"));
            assertNothingLeft(image);
        }
    }

    @Test
    void aContainerOutlivesKill9OfTheDaemonAndLeavesNothingOnceRemoved() throws Exception {
        String name = "emb-restore:v1";
        try (EmbeddedImage image = EmbeddedImage.onLoopDevice(name, rootfs)) {
            isula.ok("load", "-i", image.manifest.toString(), "-t", "embedded");
            String c = uniqueName("emb-restore");
            isula.ok("run", "-d", "-n", c, name, "sh", "-c", "while true; do cat /opt/platform/app/app.txt >/dev/null; sleep 0.2; done");
            awaitStatus(c, "running", Duration.ofSeconds(30));
            long pid = pidOf(c);
            assertEquals(2, EmbeddedImage.loopDevicesOf(image.layerFiles()).size(), "one loop device per squashfs layer");

            daemon.kill9();
            daemon.restart();
            awaitStatus(c, "running", Duration.ofSeconds(30));
            assertEquals(pid, pidOf(c));
            assertTrue(Procs.alive(pid));
            assertEquals(name, isula.ok("images").lines().stream().filter(l -> l.startsWith("emb-restore "))
                    .map(l -> l.split("\\s+")[0] + ":" + l.split("\\s+")[1]).findFirst().orElse(""));

            isula.ok("rm", "-f", c);
            awaitGone(pid, Duration.ofSeconds(30));
            assertNothingLeft(image);
            isula.ok("rmi", name);
        }
    }

    /** {@code isula run --rm IMAGE sh -c SCRIPT}, asserting success; its output lines. */
    private List<String> runShell(String image, String script) {
        Result run = isula("run", "--rm", image, "sh", "-c", script);
        assertEquals(0, run.exitCode(), () -> run + "\n" + daemon.logTail());
        return run.lines();
    }

    private static void assertReadOnly(List<String> touchErrors) {
        assertTrue(touchErrors.stream().allMatch(l -> l.contains("Read-only file system")), touchErrors::toString);
    }

    /** No mount under the daemon's embedded folder, no loop device on the image's layer files. */
    private void assertNothingLeft(EmbeddedImage image) {
        Poll.until(Duration.ofSeconds(10), "the embedded mounts and loop devices to be released",
                () -> EmbeddedImage.mountsUnder(embeddedRoot()).isEmpty()
                        && EmbeddedImage.loopDevicesOf(image.layerFiles()).isEmpty(),
                () -> "mounts: " + EmbeddedImage.mountsUnder(embeddedRoot()) + "\nloop devices: "
                        + EmbeddedImage.loopDevicesOf(image.layerFiles()));
    }

    private void refused(EmbeddedImage image, String message) {
        Result r = isula("load", "-i", image.manifest.toString(), "-t", "embedded");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("Error response from daemon: " + message, r.stderr().strip(), r::toString);
        assertFalse(isula.ok("images").out().contains("emb-bad"), "nothing is stored");
    }
}
