package io.isula.cli.terminal;

import io.isula.cli.ClientLibrary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TtyTest {
    @Test
    void stdoutOfATestRunIsAPipeNotATerminal() {
        assertTrue(ClientLibrary.load(), "the build names the client's library in " + ClientLibrary.PROPERTY);
        assertFalse(Tty.stdout());
    }
}
