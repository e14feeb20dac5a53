package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.isula.itest.registry.RegistryServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code isula run -it busybox sh} and {@code docker run -it} on a pulled OCI image, at a real terminal (tmux):
 * type, see the output, the exit code; {@code echo data | isula run -i busybox cat}; {@code isula pull}'s progress
 * bars.
 */
class ImageTerminalTest extends ImageE2eBase {
    private static final Duration SCREEN = Duration.ofSeconds(30);
    private RegistryServer registry;

    @Override
    protected void startFixtures() {
        registry = keep(RegistryServer.plain());
        skopeo().push(busybox(), registry, "term/busybox:1", null);
    }

    private String image() {
        String ref = registry.ref("term/busybox:1");
        pullOk(ref);
        isula.ok("tag", ref, "busybox");
        return ref;
    }

    @Test
    void isulaRunItBusyboxSh() {
        image();
        try (Tmux tmux = new Tmux()) {
            tmux.start("i", 100, 30, isula.commandLine("run", "-it", "--rm", "busybox", "sh"));
            tmux.await("i", "~ $", SCREEN);
            tmux.typeLine("i", "echo hi; stty size; exit 3");
            String screen = tmux.await("i", "EXIT=", SCREEN);
            assertTrue(screen.lines().anyMatch("hi"::equals), screen);
            assertTrue(screen.contains("30 100"), screen);
            assertTrue(screen.contains("EXIT=3"), screen);
        }
    }

    @Test
    void pullAtATerminalRedrawsOneLinePerLayer() {
        String ref = registry.ref("term/busybox:1");
        isula.run("rmi", "-f", "busybox");
        isula.run("rmi", "-f", ref);
        try (Tmux tmux = new Tmux()) {
            tmux.start("p", 160, 30, isula.commandLine("pull", ref));
            String screen = tmux.await("p", "EXIT=", SCREEN);
            assertTrue(screen.contains("EXIT=0"), screen);
            // plain output would repeat a layer's id once per status; bars redraw its one line in place
            List<String> layers = screen.lines().filter(l -> l.matches("[0-9a-f]{12}: .*")).toList();
            assertFalse(layers.isEmpty(), screen);
            assertEquals(layers.size(), layers.stream().map(l -> l.substring(0, 12)).distinct().count(), screen);
            assertTrue(layers.stream().allMatch(l -> l.contains("Pull complete")), screen);
        }
    }

    @Test
    void pipedStdinToRunIOfAnImage() {
        image();
        Result r = isula.runWithInput("data\n".getBytes(), "run", "-i", "--rm", "busybox", "cat");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("data", r.out(), r::toString);
    }

    @Test
    void dockerRunIt() {
        String ref = image();
        DockerCli docker = keep(new DockerCli(daemon));
        try (Tmux tmux = new Tmux()) {
            tmux.start("d", 90, 25, docker.commandLine("run", "-it", "--rm", ref, "sh"));
            tmux.await("d", "~ $", SCREEN);
            tmux.typeLine("d", "echo from-docker; stty size; exit 4");
            String screen = tmux.await("d", "EXIT=", SCREEN);
            assertTrue(screen.lines().anyMatch("from-docker"::equals), screen);
            assertTrue(screen.contains("25 90"), screen);
            assertTrue(screen.contains("EXIT=4"), screen);
        }
        // without a terminal too: docker waits (condition "removed") before the start, and gets the exit code
        Result r = docker.run("run", "--rm", ref, "sh", "-c", "echo plain; exit 6");
        assertEquals(6, r.exitCode(), r::toString);
        assertEquals("plain", r.out(), r::toString);
    }
}
