package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.itest.registry.RegistryServer;
import io.isula.itest.registry.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock docker CLI against our socket, on images: pull from a real registry, images, tag, rmi, load, run (create
 * from an image, attach, start, remove), history and export. {@code docker save} is not supported by the daemon and not
 * tested.
 */
class DockerCliImageTest extends ImageE2eBase {
    private RegistryServer registry;
    private DockerCli docker;

    @Override
    protected void startFixtures() {
        registry = keep(RegistryServer.plain());
        skopeo().push(busybox(), registry, "docker/busybox:1", null);
    }

    @BeforeAll
    void dockerClient() {
        docker = keep(new DockerCli(daemon, PULL_TIMEOUT));
    }

    @Test
    void pullImagesTagRmi() {
        String ref = registry.ref("docker/busybox:1");
        Result pull = docker.ok("pull", ref);
        assertTrue(pull.stdout().contains(ref), pull::toString);
        assertEquals(busybox().config().hex(), imageId(ref), "isula sees what docker pulled");

        Result images = docker.ok("images");
        assertTrue(images.lines().stream().anyMatch(l -> l.startsWith(registry.hostPort() + "/docker/busybox ")
                && l.contains(" 1 ") && l.contains(busybox().config().hex().substring(0, 12))), images::toString);

        Result inspect = docker.ok("image", "inspect", ref);
        JsonNode image = Json.parse(inspect.stdout(), inspect).get(0);
        assertEquals("sha256:" + busybox().config().hex(), image.path("Id").asText(), inspect::toString);
        assertEquals(List.of("cat", "/hello.txt"), texts(image.path("Config").path("Cmd")), inspect::toString);

        docker.ok("tag", ref, "docker/alias:2");
        assertTrue(listedNames().contains("docker/alias:2"), () -> listedNames().toString());
        Result rmi = docker.ok("rmi", "docker/alias:2");
        assertTrue(rmi.stdout().contains("Untagged: docker/alias:2"), rmi::toString);
        assertFalse(listedNames().contains("docker/alias:2"));
        assertTrue(listedNames().contains(ref), "the other name stays");
    }

    @Test
    void historyShowsOneStepPerLayerNewestFirst() {
        String ref = registry.ref("docker/busybox:1");
        docker.ok("pull", ref);
        Result h = docker.ok("history", "--no-trunc", "--format", "{{.ID}}|{{.Size}}", ref);
        List<String> lines = h.lines();
        assertEquals(busybox().layers().size(), lines.size(), h::toString);
        assertTrue(lines.get(0).startsWith("sha256:" + busybox().config().hex() + "|"), h::toString);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("<missing>|")), h::toString);
        assertTrue(lines.stream().noneMatch(l -> l.endsWith("|0B")), "every step made a layer:\n" + h);
        Result missing = docker.run("history", "docker/nosuch:1");
        assertTrue(missing.exitCode() != 0 && missing.all().contains("No such image"), missing::toString);
    }

    @Test
    void pullOfAMissingImageFailsWithTheRegistrysMessage() {
        Result r = docker.run("pull", registry.ref("docker/nosuch:1"));
        assertNotEquals(0, r.exitCode(), r::toString);
        String msg = r.stderr().toLowerCase(Locale.ROOT);
        assertTrue(msg.contains("not found") || msg.contains("unknown"), r::toString);
    }

    @Test
    void loadOfADockerArchive() {
        Path archive = skopeo().toDockerArchive(busybox().transportRef(), scratch("load-").resolve("bb.tar"), "docker/loaded:1");
        Result r = docker.ok("load", "-i", archive.toString());
        assertEquals(busybox().config().hex(), imageId("docker/loaded:1"));
        assertEquals(List.of("Loaded image: docker/loaded:1"),
                r.lines().stream().filter(l -> l.startsWith("Loaded image")).toList(), () -> "once per image:\n" + r);
    }

    @Test
    void runRemovesItsContainerAndPrintsTheOutput() {
        String ref = registry.ref("docker/busybox:1");
        pullOk(ref);
        String name = uniqueName("dockerrun");
        String second = uniqueName("dockerrun");
        try {
            Result r = docker.ok("run", "--rm", "--name", name, ref);
            assertEquals(TestImages.HELLO_TEXT, r.stdout(), "the image's Cmd ran and docker attached to its output");
            Result env = docker.ok("run", "--rm", "--name", second, ref, "sh", "-c", "echo $(id -un) $(pwd)");
            assertEquals("app /home/app\n", env.stdout(), "the image's User and WorkingDir");
            Poll.until(Duration.ofSeconds(10), "--rm to remove " + name, () -> !isula.ok("ps", "-a").stdout().contains(name));
        } finally {
            isula("rm", "-f", name);
            isula("rm", "-f", second);
        }
    }

    @Test
    void runDetachedThenLogsAndRemove() {
        String ref = registry.ref("docker/busybox:1");
        pullOk(ref);
        String name = uniqueName("dockerimg");
        try {
            docker.ok("run", "-d", "--name", name, ref, "sh", "-c", "echo started; while true; do sleep 0.1; done");
            Poll.until(Duration.ofSeconds(20), "docker logs to show started",
                    () -> docker.run("logs", name).stdout().contains("started"), () -> docker.run("logs", name).toString());
            assertEquals("running", status(name));
            docker.ok("rm", "-f", name);
        } finally {
            isula("rm", "-f", name);
        }
    }

    @Test
    void exportOfAContainer() throws IOException {
        String ref = registry.ref("docker/busybox:1");
        pullOk(ref);
        String name = uniqueName("dockerexport");
        try {
            docker.ok("create", "--name", name, ref);
            Path out = scratch("docker-export-").resolve("c.tar");
            docker.ok("export", "-o", out.toString(), name);
            assertTrue(Files.size(out) > 0);
            Result list = hostCommand(Duration.ofSeconds(30), "tar", "-tf", out.toString());
            List<String> names = list.lines().stream().map(n -> n.replaceFirst("^\\./", "")).toList();
            assertTrue(names.contains("hello.txt") && names.contains("bin/busybox") && names.contains("data/c"), list::toString);
            assertTrue(names.stream().noneMatch(n -> n.contains(".wh.") || n.equals("opt/old.txt") || n.equals("data/a")),
                    list::toString);
            docker.ok("rm", name);
        } finally {
            isula("rm", "-f", name);
        }
    }

    /**
     * Docker: {@code docker rmi NAME} of one of several names of an image only untags it, even while a container
     * uses the image (the conflict is only about deleting the image itself).
     */
    @Test
    void rmiOfOneOfSeveralNamesUntagsEvenWhileAContainerUsesTheImage() {
        String ref = registry.ref("docker/busybox:1");
        pullOk(ref);
        docker.ok("tag", ref, "docker/used-alias:3");
        String name = uniqueName("dockeruntag");
        try {
            docker.ok("create", "--name", name, ref);
            Result rmi = docker.run("rmi", "docker/used-alias:3");
            assertEquals(0, rmi.exitCode(), () -> "untagging a second name must not be refused:\n" + rmi);
            assertTrue(rmi.stdout().contains("Untagged: docker/used-alias:3"), rmi::toString);
            assertFalse(listedNames().contains("docker/used-alias:3"));
            assertTrue(listedNames().contains(ref), "the image keeps its other name");
        } finally {
            isula("rm", "-f", name);
            isula("rmi", "docker/used-alias:3");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
