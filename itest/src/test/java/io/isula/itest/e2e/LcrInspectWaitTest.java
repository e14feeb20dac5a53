package io.isula.itest.e2e;

/** {@link InspectWaitTest} again, every container on runtime lcr (liblxc). */
class LcrInspectWaitTest extends InspectWaitTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
