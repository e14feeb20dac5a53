package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code isula create} then {@code start [-a]}: the state a user sees at each step. */
class CreateStartTest extends E2eBase {

    @Test
    void createdContainerIsInitedThenStartAttachedPrintsItsOutputAndExits() {
        String name = uniqueName("create");
        String id = create(name, List.of(), "sh", "-c", "echo hello-from-start");

        assertEquals("inited", status(name));
        Result ps = isula.ok("ps", "-a");
        String line = ps.lines().stream().filter(l -> l.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("ps -a must list " + name + ":\n" + ps));
        assertTrue(line.contains("Created"), () -> "ps -a STATUS of a created container must be Created:\n" + ps);
        assertTrue(line.startsWith(id.substring(0, 12)), () -> "ps -a line must start with the 12-hex id:\n" + ps);
        assertTrue(!isula.ok("ps").stdout().contains(name), "plain ps lists running containers only");

        Result start = isula("start", "-a", name);
        assertEquals(0, start.exitCode(), start::toString);
        assertEquals("hello-from-start", start.out(), start::toString);
        awaitStatus(name, "exited", Duration.ofSeconds(10));
        assertEquals("0", inspectF(name, "{{.State.ExitCode}}"));
        isula.ok("rm", name);
    }

    @Test
    void statusIsRunningWhileRunningAndExitedAfter() {
        String name = uniqueName("states");
        create(name, List.of(), waitForRelease(name, 3));
        assertEquals("inited", status(name));
        Result start = isula.ok("start", name);
        assertEquals(name, start.out(), () -> "start prints the name it was given:\n" + start);
        assertEquals("running", status(name));
        assertEquals("true", inspectF(name, "{{.State.Running}}"));
        release(name);
        awaitStatus(name, "exited", Duration.ofSeconds(15));
        assertEquals("3", inspectF(name, "{{.State.ExitCode}}"));
        assertEquals("false", inspectF(name, "{{.State.Running}}"));
        isula.ok("rm", name);
    }

    @Test
    void startAttachedReturnsTheExitCode() {
        String name = uniqueName("startcode");
        create(name, List.of(), "sh", "-c", "echo bye; exit 9");
        Result start = isula("start", "-a", name);
        assertEquals("bye", start.out(), start::toString);
        assertEquals(9, start.exitCode(), () -> "start -a exits with the container's code:\n" + start);
        isula.ok("rm", name);
    }
}
