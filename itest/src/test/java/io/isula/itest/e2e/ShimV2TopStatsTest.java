package io.isula.itest.e2e;

/** TopStatsTest again, every container on the shim v2 runtime io.containerd.runc.v2 (containerd-shim-runc-v2). */
class ShimV2TopStatsTest extends TopStatsTest {
    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }
}
