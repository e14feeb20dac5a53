package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Containers outlive a daemon killed with SIGKILL; the restarted daemon restores its view of them. */
class RestoreTest extends E2eBase {

    @Test
    void runningContainerIsKeptAndAnExitDuringTheOutageIsRecorded() {
        String a = uniqueName("restore-a");
        String b = uniqueName("restore-b");
        // B exits with 5 once released; it is released only while the daemon is down
        parallel(() -> runDetached(a, "sleep", "1000"), () -> runDetached(b, waitForRelease(b, 5)));
        long pidA = pidOf(a);
        long pidB = pidOf(b);
        assertTrue(Procs.alive(pidA) && Procs.alive(pidB), "both containers are running before the daemon dies");

        daemon.kill9();
        release(b);
        awaitGone(pidB, Duration.ofSeconds(20));
        assertTrue(Procs.alive(pidA), "A's process must survive the daemon's death");

        daemon.restart();
        assertTrue(Procs.alive(pidA), "A's process must survive the daemon's restart");
        assertEquals("running", status(a), daemon::logTail);
        assertEquals(pidA, pidOf(a), "A keeps its pid");
        awaitStatus(b, "exited", Duration.ofSeconds(10));
        assertEquals("5", inspectF(b, "{{.State.ExitCode}}"), daemon::logTail);

        Result wait = isula.run(Duration.ofSeconds(15), "wait", b);
        assertEquals("5", wait.out(), () -> "wait on a container that exited during the outage:\n" + wait);

        Result ps = isula.ok("ps", "-a");
        assertTrue(lineOf(ps, a).contains("Up"), ps::toString);
        assertTrue(lineOf(ps, b).contains("Exited (5)"), ps::toString);

        Result stop = isula("stop", "-t", "1", a);
        assertEquals(0, stop.exitCode(), () -> stop + "\n" + daemon.logTail());
        assertTrue(stop.took().toMillis() < 6000, stop::toString);
        awaitGone(pidA, Duration.ofSeconds(5));
        assertEquals("exited", status(a));
        assertEquals("137", inspectF(a, "{{.State.ExitCode}}"));
    }

    @Test
    void gracefulRestartKeepsContainersToo() {
        String c = uniqueName("restore-c");
        runDetached(c, List.of(), "sleep", "1000");
        long pid = pidOf(c);
        daemon.stop();
        assertTrue(Procs.alive(pid), "a daemon stop (SIGTERM) must not stop containers");
        daemon.restart();
        assertEquals("running", status(c), daemon::logTail);
        assertEquals(pid, pidOf(c));
        Result rm = isula("rm", "-f", c);
        assertEquals(0, rm.exitCode(), rm::toString);
        awaitGone(pid, Duration.ofSeconds(10));
    }

    @Test
    void execProcessesOutliveTheDaemon() throws Exception {
        String c = uniqueName("restore-exec");
        runDetached(c, List.of(), "sleep", "1000");
        Result d = isula("exec", "-d", c, "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo $i; echo $i > /tmp/ticks; sleep 0.1; done");
        assertEquals(0, d.exitCode(), d::toString);
        try (HijackedExec attached = HijackedExec.start(daemon.socket(), c,
                "[\"sh\",\"-c\",\"while true; do echo tock; sleep 0.1; done\"]")) {
            assertTrue(attached.statusLine().contains("101"), attached.statusLine());
            assertTrue(new String(attached.readAtLeast(10), StandardCharsets.UTF_8).contains("tock"));
            long before = ticks(c);

            daemon.kill9();
            daemon.restart();

            // the detached loop went on counting through the outage, the attached one is still there
            Poll.until(Duration.ofSeconds(10), "the detached exec to count on after the restart",
                    () -> ticks(c) > before + 5);
            Result ps = isula.ok("exec", c, "ps");
            assertTrue(ps.stdout().contains("/tmp/ticks"), ps::toString);
            assertTrue(ps.stdout().contains("echo tock"), ps::toString);
        }
        isula.ok("exec", c, "sh", "-c", "kill $(ps | awk '/while tru[e]/ {print $1}')");
        Poll.until(Duration.ofSeconds(10), "both loops to end",
                () -> !isula.ok("exec", c, "ps").stdout().contains("while true"));
        assertEquals("running", status(c));

        // their conmons ended with no daemon to remove their files: the container's removal takes them, links too
        String id = inspectF(c, "{{.Id}}");
        Poll.until(Duration.ofSeconds(10), "the links of the ended execs' attach sockets", () -> !linksInto(id).isEmpty());
        Result rm = isula("rm", "-f", c);
        assertEquals(0, rm.exitCode(), rm::toString);
        assertEquals(List.of(), linksInto(id));
    }

    /** conmon's socket-dir links to the exec folders of container {@code id} (the socket dir may be in /run). */
    private List<Path> linksInto(String id) {
        try {
            return linksInto(id, daemon.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> linksInto(String id, Path state) throws IOException {
        List<Path> socketDirs = new ArrayList<>();
        try (Stream<Path> runtimes = Files.list(state)) {
            runtimes.map(r -> r.resolve(".sock")).forEach(socketDirs::add);
        }
        for (String root : List.of("/run/isula-lcr", "/run/isula-conmon")) {
            if (Files.isDirectory(Path.of(root))) {
                try (Stream<Path> hashed = Files.list(Path.of(root))) {
                    hashed.forEach(socketDirs::add);
                }
            }
        }
        List<Path> links = new ArrayList<>();
        for (Path dir : socketDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path e : entries.filter(Files::isSymbolicLink).toList()) {
                    Path target = Files.readSymbolicLink(e);
                    if (target.getParent() != null && target.getParent().getFileName().toString().equals("exec")
                            && target.getParent().getParent().getFileName().toString().equals(id)) {
                        links.add(e);
                    }
                }
            }
        }
        return links;
    }

    private long ticks(String c) {
        Result r = isula("exec", c, "cat", "/tmp/ticks");
        return r.exitCode() == 0 && r.out().strip().matches("[0-9]+") ? Long.parseLong(r.out().strip()) : -1;
    }

    private static String lineOf(Result ps, String name) {
        return ps.lines().stream().filter(l -> l.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + ":\n" + ps));
    }
}
