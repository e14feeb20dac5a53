package io.isula.itest.e2e;

/** {@link SecurityTest} again on runtime lcr: capabilities, seccomp, masked paths, sysctls, hooks inside lxc. */
class LcrSecurityTest extends SecurityTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }
}
