package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code isula events}: live, replayed with --since/--until, filtered by name; provider events from the console. */
class EventsTest extends E2eBase {

    private static String now() {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        return nanos / 1_000_000_000L + "." + String.format("%09d", nanos % 1_000_000_000L);
    }

    /** The action of each line (after the time and the type), for lines about {@code id}. */
    private static List<String> actions(Result r, String id) {
        List<String> out = new ArrayList<>();
        for (String line : r.lines()) {
            String[] f = line.split(" ");
            if (line.contains(" " + id)) {
                assertEquals("container", f[1], line);
                out.add(f[2].replace(":", ""));
            }
        }
        return out;
    }

    @Test
    void theFullLifecycleOfRunRmInOrder() {
        String name = uniqueName("life");
        String since = now();
        Result run = isula(withRootfs(List.of("run", "--rm", "-n", name), "sh", "-c", "exit 3"));
        assertEquals(3, run.exitCode(), run::toString);
        Poll.until(Duration.ofSeconds(10), name + " removed",
                () -> !isula.ok("ps", "-a", "--format", "{{.Names}}").lines().contains(name));
        Result ev = isula.ok("events", "-S", since, "-U", now(), "-n", name);
        String id = ev.lines().get(0).split(" ")[3];
        assertEquals(List.of("create", "attach", "start", "die", "destroy"), actions(ev, id), ev::toString);
        String die = ev.lines().stream().filter(l -> l.contains(" die ")).findFirst().orElseThrow();
        assertTrue(die.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d container die [0-9a-f]{64} "
                + "\\(image=none, name=" + name + ", exitCode=3\\)"), die);
    }

    @Test
    void liveEventsIncludeExecsKillAndDie() throws Exception {
        String name = uniqueName("live");
        runDetached(name, "sleep", "1000");
        Path out = daemon.dir().resolve(name + ".events");
        Process events = new ProcessBuilder(isula.commandLine("events", "-n", name)).redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        try {
            // until the stream is live, the exec's events are the sign
            Poll.until(Duration.ofSeconds(30), "the events stream to be live", () -> {
                isula.ok("exec", name, "true");
                return read(out).contains("exec_die");
            });
            // one more exec, wholly while the stream is live
            long diesBefore = read(out).lines().filter(l -> l.contains(" exec_die ")).count();
            isula.ok("exec", name, "true");
            Poll.until(Duration.ofSeconds(20), "the last exec's events",
                    () -> read(out).lines().filter(l -> l.contains(" exec_die ")).count() > diesBefore);
            isula.ok("kill", name);
            Poll.until(Duration.ofSeconds(20), "kill and die", () -> read(out).contains(" kill ")
                    && read(out).contains(" die "));
            String text = read(out);
            // the exec made while the stream was live has all three events, in order
            String lastDie = text.lines().filter(l -> l.contains(" exec_die ")).reduce((x, y) -> y).orElseThrow();
            String execId = lastDie.replaceAll(".*execID=([0-9a-f]+).*", "$1");
            List<String> execActions = text.lines().filter(l -> l.contains("execID=" + execId))
                    .map(l -> l.split(" ")[2]).toList();
            assertEquals(List.of("exec_create:", "exec_start:", "exec_die"), execActions, text);
            assertTrue(text.contains("(image=none, name=" + name + ", signal=9)"), text);
            assertTrue(text.contains("(image=none, name=" + name + ", exitCode=137)"), text);
            assertTrue(events.isAlive(), "without --until the stream goes on");
        } finally {
            events.destroyForcibly();
        }
    }

    @Test
    void sinceAndUntilBoundTheReplay() {
        String a = uniqueName("before");
        String b = uniqueName("within");
        create(a, List.of(), "true");
        String since = now();
        create(b, List.of(), "true");
        String until = now();
        create(uniqueName("after"), List.of(), "true");
        Result ev = isula.ok("events", "-S", since, "-U", until);
        assertEquals(1, ev.lines().size(), ev::toString);
        assertTrue(ev.lines().get(0).contains(" container create ") && ev.lines().get(0).contains("name=" + b), ev::toString);

        Result relative = isula.ok("events", "--since", "10m", "--until", "0s", "-n", b);
        assertEquals(1, relative.lines().size(), relative::toString);

        Result bad = isula("events", "-S", "yesterday-ish");
        assertEquals(125, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("--since"), bad::toString);
    }

    @Test
    void aRuntimeBundleStoppedAndStartedIsSeenInTheEvents() throws Exception {
        Env.requireDaemonPrerequisites();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-events-console-");
        Files.writeString(dir.resolve("daemon.json"), "{}");
        Path out = dir.resolve("console.out");
        // the console stops and starts the runc bundle, then streams the events kept since
        String script = "each ($.context bundles) { if { ($it symbolicName) equals io.isula.runtime-runc-bundle } "
                + "{ $it stop; $it start } }; isula:events --since 10m";
        ProcessBuilder pb = new ProcessBuilder(Env.isuladBin().toString(), "-H", "unix://" + dir.resolve("s.sock"),
                "-g", dir.resolve("g").toString(), "-S", dir.resolve("s").toString(), "-p", dir.resolve("pid").toString(),
                "--config-file", dir.resolve("daemon.json").toString())
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        pb.environment().put("ISULAD_GOSH_ARGS", "-q -c '" + script + "'");
        Process daemon = pb.start();
        try {
            Poll.until(Duration.ofSeconds(60), "runc to leave and come back in the console's events", () -> {
                List<String> runc = read(out).lines().filter(l -> l.contains(" plugin ") && l.contains(" runc ")).toList();
                return runc.size() >= 3;
            }, () -> read(out));
            List<String> runc = read(out).lines().filter(l -> l.contains(" plugin ") && l.contains(" runc ")).toList();
            assertTrue(runc.get(0).contains(" plugin enable runc (name=runc, kind=runtime)")
                    || runc.get(0).contains(" plugin enable runc (kind=runtime, name=runc)"), runc::toString);
            assertTrue(runc.get(1).contains(" plugin disable runc "), runc::toString);
            assertTrue(runc.get(2).contains(" plugin enable runc "), runc::toString);
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
