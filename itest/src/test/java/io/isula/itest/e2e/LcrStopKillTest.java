package io.isula.itest.e2e;

/** {@link StopKillTest} again, every container on runtime lcr (liblxc). */
class LcrStopKillTest extends StopKillTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
