package io.isula.itest.e2e;

/** {@link LogsRotationTest} again, every container on runtime lcr (liblxc). */
class LcrLogsRotationTest extends LogsRotationTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
