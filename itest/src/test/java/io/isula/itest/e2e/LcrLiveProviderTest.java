package io.isula.itest.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lxc bundle leaves and comes back while the daemon runs (stopped and started from the Gogo console, as an
 * operator would): its containers keep running meanwhile, {@code info} drops lcr, new work for it fails clearly, and
 * once it is back the containers are managed again, an exit during its absence included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LcrLiveProviderTest {
    private static final String BUNDLE = "io.isula.runtime-lxc-bundle";

    private BusyboxRootfs rootfs;
    private Daemon daemon;
    private Isula isula;

    @BeforeAll
    void start() {
        rootfs = BusyboxRootfs.create();
        daemon = Daemon.startWithConsole("\"default-runtime\": \"lcr\"");
        isula = daemon.isula();
    }

    @AfterAll
    void stop() {
        try {
            if (daemon != null) daemon.close();
        } finally {
            if (rootfs != null) rootfs.close();
        }
    }

    private String run(String name, String... cmd) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "-n", name, "--external-rootfs",
                rootfs.path().toString(), "none"));
        args.addAll(List.of(cmd));
        return isula.ok(args.toArray(String[]::new)).out();
    }

    private String runtimes() {
        return isula.ok("info").lines().stream().filter(l -> l.startsWith("Runtimes:")).findFirst().orElse("");
    }

    @Test
    void containersOutliveTheirBundleAndAreManagedAgainWhenItReturns() throws Exception {
        String keeps = E2eBase.uniqueName("keeps");
        String ends = E2eBase.uniqueName("ends");
        run(keeps, "sh", "-c", "i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.1; done");
        run(ends, "sh", "-c", "while [ ! -e /tmp/" + ends + " ]; do sleep 0.1; done; exit 7");
        long pid = Long.parseLong(isula.ok("inspect", "-f", "{{.State.Pid}}", keeps).out());
        long endsPid = Long.parseLong(isula.ok("inspect", "-f", "{{.State.Pid}}", ends).out());
        assertTrue(runtimes().contains("lcr"), this::runtimes);

        daemon.console(Daemon.bundleCommand(BUNDLE, "stop"));
        Poll.until(Duration.ofSeconds(30), "runtime lcr to leave info", () -> !runtimes().contains("lcr"),
                daemon::logTail);
        assertFalse(runtimes().contains("lxc"), this::runtimes);
        assertTrue(Procs.alive(pid), "the container runs on without its bundle");
        Result refused = isula.run("stop", "-t", "1", keeps);
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("runtime lcr is not available"), refused::toString);
        // the second container ends while nobody watches lcr's exits
        Files.writeString(rootfs.path().resolve("tmp").resolve(ends), "go\n");
        Poll.until(Duration.ofSeconds(10), "the container to end", () -> !Procs.alive(endsPid));

        daemon.console(Daemon.bundleCommand(BUNDLE, "start"));
        Poll.until(Duration.ofSeconds(30), "runtime lcr to come back", () -> runtimes().contains("lcr"),
                daemon::logTail);
        Poll.until(Duration.ofSeconds(10), "the exit during the absence to be recorded",
                () -> "exited".equals(isula.ok("inspect", "-f", "{{.State.Status}}", ends).out()), daemon::logTail);
        assertEquals("7", isula.ok("inspect", "-f", "{{.State.ExitCode}}", ends).out());
        assertEquals("running", isula.ok("inspect", "-f", "{{.State.Status}}", keeps).out());
        assertEquals(String.valueOf(pid), isula.ok("inspect", "-f", "{{.State.Pid}}", keeps).out());
        String before = isula.ok("logs", "--tail", "1", keeps).out();
        Poll.until(Duration.ofSeconds(5), "the log to go on", () -> !isula.ok("logs", "--tail", "1", keeps).out()
                .equals(before));
        isula.ok("pause", keeps);
        isula.ok("unpause", keeps);
        Result stop = isula.ok("stop", "-t", "1", keeps);
        assertEquals(keeps, stop.out());
        assertEquals("137", isula.ok("inspect", "-f", "{{.State.ExitCode}}", keeps).out());
        isula.ok("rm", keeps, ends);
    }
}
