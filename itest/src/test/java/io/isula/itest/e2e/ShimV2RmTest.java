package io.isula.itest.e2e;

/** RmTest again, every container on the shim v2 runtime io.containerd.runc.v2 (containerd-shim-runc-v2). */
class ShimV2RmTest extends RmTest {
    @Override
    protected String defaultRuntime() {
        return "io.containerd.runc.v2";
    }

    /** containerd-shim-runc-v2 keeps runc's state in a root of its own; the cgroups are still checked. */
    @Override
    protected java.util.Optional<java.nio.file.Path> runcState(String id) {
        return java.util.Optional.empty();
    }
}
