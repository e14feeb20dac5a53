package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code isula exec} against real containers: output, exit codes, options, stdin, bad input, and many at once. */
class ExecTest extends E2eBase {
    String box;

    @BeforeAll
    void runningContainer() {
        box = uniqueName("exec");
        runDetached(box, "sleep", "1000");
    }

    @Test
    void execReturnsTheCommandsOutputAndExitCode() {
        Result r = isula("exec", box, "sh", "-c", "echo out; echo err >&2; exit 7");
        assertEquals(7, r.exitCode(), r::toString);
        assertEquals("out", r.out(), r::toString);
        assertEquals("err", r.stderr().strip(), r::toString);
        assertEquals(0, isula("exec", box, "true").exitCode());
    }

    @Test
    void envUserAndWorkdir() {
        Result r = isula.ok("exec", "-e", "FOO=bar", "-u", "app", "--workdir", "/tmp", box, "sh", "-c", "id -u; pwd; echo $FOO");
        assertEquals(List.of("1000", "/tmp", "bar"), r.lines(), r::toString);
    }

    @Test
    void interactiveExecReadsPipedStdinUntilItsEnd() {
        Result r = isula.runWithInput("one\ntwo\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", box, "sh", "-c",
                "cat; echo done");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("one", "two", "done"), r.lines(), r::toString);
    }

    @Test
    void detachedExecKeepsRunningInTheContainer() {
        Result d = isula("exec", "-d", box, "sleep", "777");
        assertEquals(0, d.exitCode(), d::toString);
        assertEquals("", d.out(), d::toString);
        Poll.until(Duration.ofSeconds(10), "sleep 777 in top",
                () -> isula.ok("top", box).stdout().contains("sleep 777"));
        kill(box, "sleep 77[7]");
    }

    @Test
    void execOfAMissingCommandIs127WithRuncsReason() {
        Result r = isula("exec", box, "/no/such/cmd");
        assertEquals(127, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("/no/such/cmd") && r.stderr().contains("no such file or directory"), r::toString);
    }

    @Test
    void execOnAStoppedContainerFailsClearly() {
        String name = uniqueName("stopped");
        create(name, List.of(), "true");
        Result r = isula("exec", name, "true");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("Container " + name + " is not running"), r::toString);
        Result missing = isula("exec", uniqueName("missing"), "true");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("No such container"), missing::toString);
        Result noCommand = isula("exec", box);
        assertEquals(125, noCommand.exitCode(), noCommand::toString);
    }

    @Test
    void aClientThatGoesAwayMidStreamLeavesTheContainerRunningAndFreesTheStream() throws Exception {
        DaemonResources before = DaemonResources.of(daemon.pid());
        try (HijackedExec e = HijackedExec.start(daemon.socket(), box,
                "[\"sh\",\"-c\",\"while true; do echo tick; sleep 0.05; done\"]")) {
            assertTrue(e.statusLine().contains("101"), e.statusLine());
            assertTrue(new String(e.readAtLeast(20), StandardCharsets.UTF_8).contains("tick"));
        }
        // the daemon notices at its next write and drops the stream; the process and the container run on, and the
        // daemon keeps one descriptor (conmon's sync FIFO) and one thread to learn its exit
        Poll.until(Duration.ofSeconds(10), "the daemon to close the abandoned stream",
                () -> DaemonResources.of(daemon.pid()).fds() <= before.fds() + descriptorsPerRunningExec());
        assertEquals("running", status(box));
        assertTrue(isula.ok("exec", box, "ps").stdout().contains("while true"));
        kill(box, "while tru[e]");
        Poll.until(Duration.ofSeconds(10), "the daemon to let go of the ended exec",
                () -> DaemonResources.of(daemon.pid()).fds() <= before.fds()
                        && DaemonResources.of(daemon.pid()).threads("isula-exec-") == 0);
    }

    @Test
    void hundredConcurrentExecsAnswerAndLeakNothing() throws Exception {
        DaemonResources before = settle();
        execRound(concurrentExecs());
        settle();
        execRound(concurrentExecs());
        DaemonResources after = settle();
        // per exec the daemon has one monitor thread and a few descriptors while it runs: none may remain
        assertEquals(0, after.threads("isula-exec-"), after::toString);
        assertTrue(after.fds() <= before.fds() + 2, () -> "fds grew from " + before.fds() + " to " + after.fds());
        // every other thread is as before, except the pools that keep idle threads for half a minute or so: request
        // workers (at most 64), stream input, and the JDK's process reapers (at most one per process at once)
        assertTrue(fixedThreads(after) <= fixedThreads(before) + 2, () -> "threads grew: before " + before + "\nafter " + after);
        assertTrue(after.threads("isulad-api-work") <= 64, after::toString);
        assertTrue(after.threads("process reaper") <= 100, after::toString);
        assertTrue(after.threads("isulad-api-stdi") <= 100, after::toString);
    }

    private static long fixedThreads(DaemonResources r) {
        return r.threads() - r.threads("isulad-api-work") - r.threads("process reaper") - r.threads("isulad-api-stdi");
    }

    /** Kills the processes of {@code box} whose ps line matches the awk pattern {@code pattern}. */
    void kill(String box, String pattern) {
        isula.ok("exec", box, "sh", "-c", "kill $(ps | awk '/" + pattern + "/ {print $1}')");
    }

    /** Descriptors the daemon keeps for an exec that runs on after its client went away (conmon's sync FIFO). */
    protected int descriptorsPerRunningExec() {
        return 1;
    }

    /** How many execs the concurrency test starts at once (a runtime with a costlier exec start may choose fewer). */
    protected int concurrentExecs() {
        return 100;
    }

    /** {@code n} execs at once through the raw API; each must print its number and exit 0. */
    private void execRound(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<String> call = () -> {
                    try (HijackedExec e = HijackedExec.start(daemon.socket(), box, "[\"echo\",\"n" + k + "\"]")) {
                        if (!e.statusLine().contains("101")) {
                            return "refused: " + e.statusLine();
                        }
                        String out = e.readStdoutToEnd();
                        return out.strip() + " exit=" + exitCodeOf(e.id());
                    }
                };
                results.add(pool.submit(call));
            }
            for (int i = 0; i < n; i++) {
                assertEquals("n" + i + " exit=0", results.get(i).get(), "exec " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The exec's exit code from {@code GET /exec/{id}/json}. */
    private String exitCodeOf(String execId) throws Exception {
        UnixHttp.Response inspect = UnixHttp.exchange(daemon.socket(), "GET /exec/" + execId
                + "/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(30));
        assertEquals(200, inspect.status(), inspect::toString);
        return Json.parse(inspect.body(), inspect).get("ExitCode").asText();
    }

    /** The daemon's counts once they stop falling (exec monitors end a moment after their process). */
    private DaemonResources settle() {
        DaemonResources[] last = {DaemonResources.of(daemon.pid())};
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Poll.sleep(200);
            DaemonResources now = DaemonResources.of(daemon.pid());
            if (!now.equals(last[0])) {
                last[0] = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_000_000_000L) {
                break;
            }
        }
        return last[0];
    }
}
