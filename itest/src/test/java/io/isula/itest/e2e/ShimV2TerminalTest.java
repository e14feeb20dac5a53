package io.isula.itest.e2e;

/** TerminalTest again, every container on the shim v2 runtime io.containerd.runc.v2 (containerd-shim-runc-v2). */
class ShimV2TerminalTest extends TerminalTest {
    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }
}
