package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Log rotation ({@code --log-opt max-size/max-file}, daemon.json defaults), {@code logs -f} across it, tails. */
class LogsRotationTest extends E2eBase {
    private static final int LINES = 60;

    /** A container that prints line-0 … line-59, one every 50 ms, then exits. */
    private static String[] counter() {
        return new String[] {"sh", "-c",
            "i=0; while [ $i -lt " + LINES + " ]; do echo line-$i; i=$((i+1)); sleep 0.05; done"};
    }

    @Test
    void followSurvivesRotationAndLosesNoLine() throws Exception {
        String name = uniqueName("rotate");
        String id = runDetached(name, List.of("--log-opt", "max-size=1k", "--log-opt", "max-file=5"), counter());
        Path out = daemon.dir().resolve(name + ".follow");
        Process follow = new ProcessBuilder(isula.commandLine("logs", "-f", name)).redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "logs -f must end when the container exits");
        assertEquals(0, follow.exitValue());
        List<String> lines = Files.readAllLines(out);
        assertEquals(expected(0, LINES), lines);

        Path bundle = daemon.bundle(id);
        assertTrue(Files.exists(bundle.resolve("console.log.1")), "1k of output rotates at least once");
        assertTrue(Files.size(bundle.resolve("console.log")) < 2048, "the current file stays small");

        // every line is still in one of the files (5 kept), oldest first, and the tails count across them
        assertEquals(expected(0, LINES), isula.ok("logs", name).lines());
        assertEquals(expected(LINES - 3, LINES), isula.ok("logs", "--tail", "3", name).lines());
        assertEquals(expected(LINES - 40, LINES), isula.ok("logs", "--tail", "40", name).lines());
        assertEquals("", isula.ok("logs", "--tail", "0", name).stdout());
        assertEquals(expected(0, LINES), isula.ok("logs", "--tail", "-1", name).lines());
    }

    @Test
    void maxFileBoundsTheFilesKept() {
        String name = uniqueName("maxfile");
        String id = runDetached(name, List.of("--log-opt", "max-size=1k", "--log-opt", "max-file=2"), counter());
        awaitStatus(name, "exited", Duration.ofSeconds(30));
        Path bundle = daemon.bundle(id);
        assertTrue(Files.exists(bundle.resolve("console.log.1")));
        assertFalse(Files.exists(bundle.resolve("console.log.2")), "max-file 2: the current file and one more");
        List<String> kept = isula.ok("logs", name).lines();
        assertTrue(kept.size() < LINES && !kept.isEmpty(), kept::toString);
        assertEquals("line-" + (LINES - 1), kept.get(kept.size() - 1));
    }

    @Test
    void disableLogWritesNoLogButAttachedRunStillShowsOutput() {
        String name = uniqueName("nolog");
        Result r = isula(withRootfs(List.of("run", "-n", name, "--log-opt", "disable-log=true"), "echo", "visible"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("visible", r.out(), r::toString);
        assertEquals("", isula.ok("logs", name).stdout());
        String id = inspectF(name, "{{.Id}}");
        assertFalse(Files.exists(daemon.bundle(id).resolve("console.log")));
    }

    @Test
    void badLogOptionsAreRefusedAtCreate() {
        Result size = isula(withRootfs(List.of("create", "--log-opt", "max-size=huge"), "true"));
        assertEquals(125, size.exitCode(), size::toString);
        assertTrue(size.stderr().contains("max-size"), size::toString);
        Result key = isula(withRootfs(List.of("create", "--log-opt", "colour=red"), "true"));
        assertEquals(125, key.exitCode(), key::toString);
        assertTrue(key.stderr().contains("colour"), key::toString);
        Result driver = isula(withRootfs(List.of("create", "--log-driver", "syslog"), "true"));
        assertEquals(125, driver.exitCode(), driver::toString);
        Result form = isula(withRootfs(List.of("create", "--log-opt", "max-size"), "true"));
        assertEquals(125, form.exitCode(), form::toString);
    }

    @Test
    void daemonJsonSetsTheDefaultRotation() throws IOException {
        try (Daemon other = Daemon.start("\"container-log\": {\"driver\": \"json-file\", "
                + "\"opts\": {\"max-size\": \"1KB\", \"max-file\": \"2\"}}")) {
            Isula client = other.isula();
            List<String> args = new ArrayList<>(List.of("run", "-d", "-n", uniqueName("deflog")));
            args.addAll(List.of(withRootfs(List.of(), counter())));
            String id = client.ok(args.toArray(String[]::new)).out();
            Poll.until(Duration.ofSeconds(30), "the container to exit",
                    () -> client.ok("inspect", "-f", "{{.State.Status}}", id).out().equals("exited"));
            assertTrue(Files.exists(other.bundle(id).resolve("console.log.1")), "the daemon's 1KB limit rotated it");
            assertFalse(Files.exists(other.bundle(id).resolve("console.log.2")));
        }
    }

    private static List<String> expected(int from, int to) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add("line-" + i);
        }
        return l;
    }
}
