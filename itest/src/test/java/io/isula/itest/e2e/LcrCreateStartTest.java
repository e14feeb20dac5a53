package io.isula.itest.e2e;

/** {@link CreateStartTest} again, every container on runtime lcr (liblxc). */
class LcrCreateStartTest extends CreateStartTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
