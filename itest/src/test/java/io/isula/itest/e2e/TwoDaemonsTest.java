package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two daemons side by side, each with its own roots and socket, see only their own containers. */
class TwoDaemonsTest extends E2eBase {
    private Daemon other;

    @BeforeAll
    void startOther() {
        other = Daemon.start();
    }

    @AfterAll
    void stopOther() {
        if (other != null) other.close();
    }

    @Test
    void aContainerOnOneDaemonIsInvisibleOnTheOther() {
        String name = uniqueName("isolated");
        String id = runDetached(name, "sleep", "1000");
        Isula b = other.isula();

        assertTrue(isula.ok("ps", "-a").stdout().contains(name));
        Result psB = b.ok("ps", "-a");
        assertFalse(psB.stdout().contains(name), () -> "the other daemon must not list it:\n" + psB);
        Result inspectB = b.run("inspect", name);
        assertEquals(1, inspectB.exitCode(), inspectB::toString);
        Result stopB = b.run("stop", name);
        assertEquals(1, stopB.exitCode(), stopB::toString);
        assertEquals("running", status(name), "the first daemon's container is untouched");
        assertTrue(other.engineEntries().isEmpty(), () -> "nothing may appear in the other graph: " + other.engineEntries());

        // and the same name is free on the other daemon
        List<String> before = List.of("run", "-d", "-n", name, "--external-rootfs", rootfs.path().toString(), "none");
        List<String> args = new java.util.ArrayList<>(before);
        args.addAll(List.of("sleep", "1000"));
        Result runB = b.run(args.toArray(String[]::new));
        assertEquals(0, runB.exitCode(), runB::toString);
        assertFalse(runB.out().equals(id), "a different container");
        assertEquals(id, inspectF(name, "{{.Id}}"), "the first daemon still resolves the name to its own container");
    }
}
