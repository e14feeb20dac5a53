package io.isula.itest.e2e;

/** ExecTest again, every container on the shim v2 runtime io.containerd.runc.v2 (containerd-shim-runc-v2). */
class ShimV2ExecTest extends ExecTest {
    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }

    /**
     * containerd-shim-runc-v2 runs the Start of every exec of a container one after the other (it holds its event lock
     * across {@code runc exec}), so a round of 100 at once on 2 cores keeps the daemon's API workers busy for tens of
     * seconds and the test's own inspect calls are refused; 25 at once still checks concurrency and leaks.
     */
    @Override
    protected int concurrentExecs() {
        return 25;
    }

    /**
     * The daemon itself reads an exec's output from the shim's FIFOs until the process exits (so nothing blocks the
     * process): one descriptor each for stdout and stderr, where conmon needs one sync FIFO.
     */
    @Override
    protected int descriptorsPerRunningExec() {
        return 2;
    }
}
