package io.isula.itest.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ExecTest} again, every container on runtime lcr (liblxc; exec through lxc-attach under conmon). */
class LcrExecTest extends ExecTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }

    /** The same exit code as runc's, with lxc-attach's own reason instead of runc's wording. */
    @Override
    @Test
    void execOfAMissingCommandIs127WithRuncsReason() {
        Result r = isula("exec", box, "/no/such/cmd");
        assertEquals(127, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("No such file or directory - Failed to exec \"/no/such/cmd\""), r::toString);
    }
}
