package io.isula.itest.e2e;

/** {@link TopStatsTest} again, every container on runtime lcr (liblxc). */
class LcrTopStatsTest extends TopStatsTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
