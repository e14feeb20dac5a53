package io.isula.itest.e2e;

/** {@link LifecycleTest} again, every container on runtime lcr (liblxc). */
class LcrLifecycleTest extends LifecycleTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
