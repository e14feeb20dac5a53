package io.isula.itest.e2e;

/** {@link RestoreTest} again, every container on runtime lcr (liblxc). */
class LcrRestoreTest extends RestoreTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
