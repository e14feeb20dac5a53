package io.isula.itest.e2e;

/** {@link ResourcesTest} again, every container on runtime lcr (liblxc). */
class LcrResourcesTest extends ResourcesTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
