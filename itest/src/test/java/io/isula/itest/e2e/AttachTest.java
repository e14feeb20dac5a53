package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** stdin and attach without a terminal: piped input, several attachers, clients that go away, bad input. */
class AttachTest extends E2eBase {

    @Test
    void pipedStdinReachesRunIAndItsEndClosesIt() {
        Result r = isula.runWithInput("data\n".getBytes(StandardCharsets.UTF_8),
                withRootfs(List.of("run", "-i", "--rm"), "cat"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("data", r.out(), r::toString);

        Result lines = isula.runWithInput("a\nb\n".getBytes(StandardCharsets.UTF_8),
                withRootfs(List.of("run", "-i", "--rm"), "sh", "-c", "cat; echo end; exit 4"));
        assertEquals(4, lines.exitCode(), lines::toString);
        assertEquals(List.of("a", "b", "end"), lines.lines(), lines::toString);
    }

    @Test
    void twoAttachersSeeTheOutputAndOneGoingAwayChangesNothingForTheOther() throws Exception {
        String name = uniqueName("ticks");
        runDetached(name, "sh", "-c", "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.05; done");
        Path first = daemon.dir().resolve(name + "-1.out");
        Path second = daemon.dir().resolve(name + "-2.out");
        Process a = attach(name, first);
        Process b = attach(name, second);
        try {
            awaitContains(first, "tick-");
            awaitContains(second, "tick-");
            a.destroyForcibly();
            a.waitFor(10, TimeUnit.SECONDS);
            long seen = Files.size(second);
            Poll.until(Duration.ofSeconds(10), "more output for the second attacher", () -> size(second) > seen + 100);
            assertEquals("running", status(name));
            assertTrue(b.isAlive());
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        isula.ok("rm", "-f", name);
        assertTrue(b.waitFor(20, TimeUnit.SECONDS), "the attach client ends when its container is removed");
    }

    @Test
    void attachEndsWithTheContainersExitCode() throws Exception {
        String name = uniqueName("attexit");
        runDetached(name, "sh", "-c", "while [ ! -e /signals/" + name + " ]; do echo waiting; sleep 0.1; done; exit 9");
        Path out = daemon.dir().resolve(name + ".out");
        Process p = attach(name, out);
        awaitContains(out, "waiting");
        release(name);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "attach must end when the container stops");
        assertEquals(9, p.exitValue());
    }

    @Test
    void badInput() {
        Result missing = isula("attach", uniqueName("nope"));
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("No such container"), missing::toString);

        String stopped = uniqueName("stopped");
        create(stopped, List.of(), "true");
        Result r = isula("attach", stopped);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("You cannot attach to a stopped container"), r::toString);

        Result raw = UnixHttpCall.post(daemon.socket(), "/containers/" + stopped + "/attach");
        assertEquals(400, raw.exitCode(), raw::toString);
    }

    private Process attach(String name, Path output) throws IOException {
        return new ProcessBuilder(isula.commandLine("attach", name)).redirectOutput(output.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static void awaitContains(Path file, String text) {
        Poll.until(Duration.ofSeconds(20), "'" + text + "' in " + file, () -> {
            try {
                return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A bare request: the status code as the "exit code", the raw answer as stdout. */
    private static final class UnixHttpCall {
        static Result post(Path socket, String path) {
            try {
                UnixHttp.Response r = UnixHttp.exchange(socket, "POST " + path
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", Duration.ofSeconds(20));
                return new Result(List.of("POST", path), r.status(), r.raw(), "", Duration.ZERO);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
