package io.isula.itest.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ExecTest} again, every container on runtime lcr (liblxc; exec through lxc-attach). */
class LcrExecTest extends ExecTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }

    /** The same exit code as runc's, with lxc-attach's own reason instead of runc's wording. */
    @Override
    @Test
    void execOfAMissingCommandIs127WithRuncsReason() {
        Result r = isula("exec", box, "/no/such/cmd");
        assertEquals(127, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("No such file or directory - Failed to exec \"/no/such/cmd\""), r::toString);
    }

    /**
     * lxc-attach has no monitor of its own: the daemon holds the exec's stdout and stderr pipes and goes on draining
     * them after the client left (two descriptors instead of conmon's one sync FIFO), until the process ends.
     */
    @Override
    @Test
    void aClientThatGoesAwayMidStreamLeavesTheContainerRunningAndFreesTheStream() throws Exception {
        DaemonResources before = DaemonResources.of(daemon.pid());
        try (HijackedExec e = HijackedExec.start(daemon.socket(), box,
                "[\"sh\",\"-c\",\"while true; do echo tick; sleep 0.05; done\"]")) {
            assertTrue(e.statusLine().contains("101"), e.statusLine());
            assertTrue(new String(e.readAtLeast(20), StandardCharsets.UTF_8).contains("tick"));
        }
        Poll.until(Duration.ofSeconds(10), "the daemon to close the abandoned stream",
                () -> DaemonResources.of(daemon.pid()).fds() <= before.fds() + 2);
        assertEquals("running", status(box));
        assertTrue(isula.ok("exec", box, "ps").stdout().contains("while true"));
        kill(box, "while tru[e]");
        Poll.until(Duration.ofSeconds(10), "the daemon to let go of the ended exec",
                () -> DaemonResources.of(daemon.pid()).fds() <= before.fds()
                        && DaemonResources.of(daemon.pid()).threads("isula-exec-") == 0);
    }
}
