package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TerminalTest again, every container and exec on lcr. The engine makes the terminal (lxc does not hand one to
 * conmon). lxc-execute's init takes it as its controlling terminal; inside the container it is bound over
 * /dev/console, the name lxc gives its consoles, instead of a node in the container's own /dev/pts as runc makes. An
 * exec's lxc-attach relays it to a terminal of its own in the container's /dev/pts, as runc's execs have.
 */
class LcrTerminalTest extends TerminalTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }

    @Test
    @Override
    void createTtyThenStartAttachedShowsTheOutput() {
        String name = uniqueName("starta");
        create(name, List.of("-t"), "sh", "-c", "echo started; tty");
        Result r = isula("start", "-a", name);
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().map(String::strip).toList();
        assertEquals(List.of("started", "/dev/console"), lines, r::toString);
    }
}
