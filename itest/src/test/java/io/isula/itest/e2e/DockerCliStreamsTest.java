package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stock docker CLI against our socket for the streaming commands: exec (-it at a real terminal), attach and detach,
 * start -ai, logs -f, cp, top, stats --no-stream, events --since, on containers isula made with an external rootfs
 * ({@code docker run -it} on an image is in {@link ImageTerminalTest}).
 */
class DockerCliStreamsTest extends DockerE2eBase {
    private static final Duration SCREEN = Duration.ofSeconds(20);

    @Test
    void execReturnsOutputAndExitCodeAndReadsPipedStdin() {
        String name = uniqueName("dexec");
        runDetached(name, "sleep", "1000");
        Result r = docker.run("exec", name, "sh", "-c", "echo out; echo err >&2; exit 5");
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("out", r.out(), r::toString);
        assertTrue(r.stderr().contains("err"), r::toString);
        Result in = docker.runWithInput("piped\n".getBytes(), "exec", "-i", name, "cat");
        assertEquals(0, in.exitCode(), in::toString);
        assertEquals("piped", in.out(), in::toString);
    }

    @Test
    void execItAndAttachWithDetachKeysAtARealTerminal() {
        String name = uniqueName("dtty");
        runDetached(name, List.of("-t", "-i"), "sh");
        try (Tmux tmux = new Tmux()) {
            tmux.start("x", 100, 30, docker.commandLine("exec", "-it", name, "sh"));
            tmux.await("x", "#", SCREEN);
            tmux.typeLine("x", "stty size; exit 6");
            String screen = tmux.await("x", "EXIT=", SCREEN);
            assertTrue(screen.contains("30 100"), screen);
            assertTrue(screen.contains("EXIT=6"), screen);

            tmux.start("a", 100, 30, docker.commandLine("attach", name));
            Poll.until(SCREEN, "the shell's prompt through docker attach", () -> {
                tmux.send("a", "Enter");
                Poll.sleep(100);
                return tmux.screen("a").contains("/ #");
            }, () -> tmux.screen("a"));
            tmux.typeLine("a", "echo via-$((6*7))");
            tmux.await("a", "via-42", SCREEN);
            tmux.send("a", "C-p", "C-q");
            tmux.await("a", "EXIT=", SCREEN);
            assertEquals("running", status(name));
        }
    }

    @Test
    void startAttachedInteractiveFeedsStdin() {
        String name = uniqueName("dstart");
        create(name, List.of("-i"), "sh", "-c", "read line; echo got-$line; exit 2");
        Result r = docker.runWithInput("hello\n".getBytes(), "start", "-ai", name);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("got-hello", r.out(), r::toString);
    }

    @Test
    void logsFollowCpTopStatsAndEvents() throws IOException {
        String name = uniqueName("dmisc");
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        String counter = uniqueName("dlogs");
        runDetached(counter, "sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done");
        Result follow = docker.run("logs", "-f", counter);
        assertEquals(0, follow.exitCode(), follow::toString);
        assertEquals(List.of("line1", "line2", "line3"), follow.lines(), follow::toString);

        runDetached(name, "sh", "-c", "for i in 1 2 3; do echo line$i; done; sleep 1000");
        awaitLog(name, "line3", SCREEN);
        Result all = docker.run("logs", "--tail", "2", name);
        assertEquals(List.of("line2", "line3"), all.lines(), all::toString);

        Path file = Files.writeString(daemon.dir().resolve(name + ".txt"), "via docker cp\n");
        Result in = docker.run("cp", file.toString(), name + ":/tmp/" + name + ".txt");
        assertEquals(0, in.exitCode(), in::toString);
        Path back = daemon.dir().resolve(name + ".back");
        Result out = docker.run("cp", name + ":/tmp/" + name + ".txt", back.toString());
        assertEquals(0, out.exitCode(), out::toString);
        assertEquals("via docker cp\n", Files.readString(back));

        Result top = docker.run("top", name);
        assertEquals(0, top.exitCode(), top::toString);
        assertTrue(top.lines().get(0).contains("PID") && top.stdout().contains("sleep 1000"), top::toString);

        Result stats = docker.run("stats", "--no-stream", name);
        assertEquals(0, stats.exitCode(), stats::toString);
        assertTrue(stats.lines().get(0).contains("CPU %") && stats.stdout().contains(name), stats::toString);

        Result events = docker.run("events", "--since", since, "--until", Long.toString(System.currentTimeMillis() / 1000 + 1),
                "--filter", "container=" + name);
        assertEquals(0, events.exitCode(), events::toString);
        assertTrue(events.stdout().contains("container create") && events.stdout().contains("container start")
                && events.stdout().contains("container extract-to-dir"), events::toString);
    }
}
