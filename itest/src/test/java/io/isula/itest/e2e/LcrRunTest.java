package io.isula.itest.e2e;

/** {@link RunTest} again, every container on runtime lcr (liblxc). */
class LcrRunTest extends RunTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
