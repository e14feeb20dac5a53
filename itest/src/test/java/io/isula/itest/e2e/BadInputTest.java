package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear error and the documented exit code, leaves nothing behind under graph/engines, and never
 * takes the daemon down.
 */
class BadInputTest extends E2eBase {

    /** Runs a create that must fail, and checks that no container directory appeared under graph/engines/. */
    private Result failingCreate(Supplier<Result> create) {
        List<Path> before = daemon.engineEntries();
        Result r = create.get();
        List<Path> after = daemon.engineEntries();
        assertEquals(before, after, () -> "a failed create must leave no directory under graph/engines:\n" + r);
        return r;
    }

    private void assertDaemonServes() {
        assertTrue(UnixHttp.ping(daemon.socket()), () -> "the daemon must still answer /_ping\n" + daemon.logTail());
        Result ps = isula("ps", "-a");
        assertEquals(0, ps.exitCode(), () -> "the daemon must still serve isula ps:\n" + ps + "\n" + daemon.logTail());
    }

    @Test
    void unknownFlag() {
        Result r = failingCreate(() -> isula(withRootfs(List.of("run", "--bogus"), "true")));
        assertEquals(125, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("bogus"), () -> "the message must name the flag:\n" + r);
    }

    @Test
    void missingImage() {
        Result r = failingCreate(() -> isula("run", "nosuchimage", "true"));
        assertEquals(125, r.exitCode(), r::toString);
        assertFalse(r.stderr().isBlank(), () -> "a message is expected:\n" + r);
    }

    @Test
    void relativeExternalRootfs() {
        Result r = failingCreate(() -> isula("run", "--external-rootfs", "rel", "none", "true"));
        assertEquals(125, r.exitCode(), r::toString);
        assertFalse(r.stderr().isBlank(), r::toString);
    }

    @Test
    void missingExternalRootfs() {
        String missing = "/tmp/isula-e2e-no-such-rootfs-" + uniqueName("x");
        Result r = failingCreate(() -> isula("run", "--external-rootfs", missing, "none", "true"));
        assertEquals(125, r.exitCode(), r::toString);
        assertFalse(r.stderr().isBlank(), r::toString);
        Result c = failingCreate(() -> isula("create", "--external-rootfs", missing, "none", "true"));
        assertEquals(125, c.exitCode(), c::toString);
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstContainerIsUntouched() {
        String name = uniqueName("dup");
        String id = runDetached(name, "sleep", "1000");
        long pid = pidOf(name);

        Result r = failingCreate(() -> isula(withRootfs(List.of("run", "-d", "-n", name), "sleep", "1000")));
        assertEquals(125, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("already in use"), () -> "the message must say the name is already in use:\n" + r);
        Result c = failingCreate(() -> isula(withRootfs(List.of("create", "-n", name), "true")));
        assertEquals(125, c.exitCode(), c::toString);

        assertEquals(id, inspectF(name, "{{.Id}}"));
        assertEquals("running", status(name));
        assertEquals(pid, pidOf(name));
        assertTrue(Procs.alive(pid));
        assertEquals(1, isula.ok("ps", "-a", "-q", "-f", "name=" + name).lines().size());
    }

    @Test
    void commandNotFoundExits127() {
        String name = uniqueName("nocmd");
        Result r = isula(withRootfs(List.of("run", "-n", name), "/no/such/binary"));
        assertEquals(127, r.exitCode(), () -> "a command missing from the rootfs is exit 127 (command not found):\n" + r);
        assertTrue(r.stderr().contains("/no/such/binary"), () -> "the message must name the command:\n" + r);
        isula("rm", "-f", name);
    }

    @Test
    void runRmWhoseStartFailsLeavesNothingBehind() {
        List<Path> before = daemon.engineEntries();
        Result r = isula(withRootfs(List.of("run", "--rm"), "/no/such/binary"));
        assertTrue(r.exitCode() != 0, r::toString);
        Poll.until(java.time.Duration.ofSeconds(10), "the --rm container to be removed after its failed start",
                () -> before.equals(daemon.engineEntries()),
                () -> r + "\nbefore: " + before + "\nnow: " + daemon.engineEntries() + "\n" + isula("ps", "-a"));
    }

    @Test
    void invalidName() {
        Result r = failingCreate(() -> isula(withRootfs(List.of("run", "-n", "bad/name"), "true")));
        assertEquals(125, r.exitCode(), r::toString);
        assertFalse(r.stderr().isBlank(), r::toString);
    }

    @Test
    void unknownContainerForStopKillRmInspect() {
        String ghost = uniqueName("ghost");
        for (String cmd : List.of("stop", "kill", "rm", "inspect")) {
            Result r = isula(cmd, ghost);
            assertEquals(1, r.exitCode(), () -> cmd + " of an unknown container must exit 1:\n" + r);
            assertFalse(r.stderr().isBlank(), () -> cmd + " must say why:\n" + r);
        }
    }

    @Test
    void malformedJsonIsA400AndTheDaemonStillServes() throws IOException {
        List<Path> before = daemon.engineEntries();
        UnixHttp.Response r = UnixHttp.exchange(daemon.socket(),
                UnixHttp.post("/containers/create", "application/json", "{\"Image\": \"none\", \"Cmd\": [\"true\""),
                Duration.ofSeconds(10));
        assertEquals(400, r.status(), () -> "malformed JSON must get 400:\n" + r.raw());
        JsonNode err = Json.parse(r.body(), r.raw());
        assertTrue(err.hasNonNull("message"), () -> "a Docker-shaped error {\"message\": ...} expected:\n" + r.raw());
        assertEquals(before, daemon.engineEntries(), "nothing written for a malformed request");
        assertDaemonServes();
    }

    @Test
    void wrongJsonShapeIsA400() throws IOException {
        List<Path> before = daemon.engineEntries();
        for (String body : List.of("[1, 2, 3]", "\"just a string\"", "{\"Image\": 5, \"Cmd\": {\"not\": \"a list\"}}")) {
            UnixHttp.Response r = UnixHttp.exchange(daemon.socket(),
                    UnixHttp.post("/containers/create", "application/json", body), Duration.ofSeconds(10));
            assertEquals(400, r.status(), () -> "body " + body + " must get 400:\n" + r.raw());
        }
        assertEquals(before, daemon.engineEntries(), "nothing written for malformed requests");
        assertDaemonServes();
    }

    @Test
    void oversizedBodyIsRefused() throws IOException {
        UnixHttp.Response r = UnixHttp.exchange(daemon.socket(), "POST /containers/create HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000000\r\nConnection: close\r\n\r\n{\"Image\":",
                Duration.ofSeconds(10));
        assertTrue(r.status() == -1 || (r.status() >= 400 && r.status() < 500),
                () -> "a 10 GB body must be refused with a 4xx (or the connection closed):\n" + r.raw());
        assertDaemonServes();
    }

    @Test
    void requestsCutMidwayDoNotHurtTheDaemon() throws IOException {
        List<Path> before = daemon.engineEntries();
        UnixHttp.writeAndHangUp(daemon.socket(), "POST /containers/create HTTP/1.1\r\nHost: local");
        UnixHttp.writeAndHangUp(daemon.socket(), "POST /containers/create HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"Image\": \"none\", \"HostConfig\": {\"Ext");
        UnixHttp.writeAndHangUp(daemon.socket(), "GET /containers/json HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertDaemonServes();
        assertEquals(before, daemon.engineEntries(), "nothing written for cut requests");
    }
}
