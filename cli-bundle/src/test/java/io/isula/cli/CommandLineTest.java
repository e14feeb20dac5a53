package io.isula.cli;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {
    private final FakeEngine engine = new FakeEngine();

    private ContainerConfig created() {
        assertEquals(1, engine.created.size());
        return engine.created.get(0).config();
    }

    @Test
    void clusteredShortFlags() {
        CliRun r = CliRun.of(engine, "run", "-tid", "busybox", "sh");
        assertEquals(0, r.code(), r.err());
        assertEquals(FakeEngine.ID + "\n", r.out());
        assertTrue(created().tty());
        assertTrue(created().openStdin());
        assertEquals(List.of("create", "start " + FakeEngine.ID), engine.calls);
    }

    @Test
    void attachedValues() {
        CliRun r = CliRun.of(engine, "create", "-eFOO=1", "-e=BAR=2", "--env", "BAZ=3", "--env=Q=4", "-nweb", "busybox");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("FOO=1", "BAR=2", "BAZ=3", "Q=4"), created().env());
        assertEquals("web", engine.created.get(0).name());
    }

    @Test
    void optionsStopAtImage() {
        CliRun r = CliRun.of(engine, "run", "-d", "-h", "box", "busybox", "sh", "-c", "-n", "x", "--", "-d");
        assertEquals(0, r.code(), r.err());
        assertEquals("busybox", created().image());
        assertEquals("box", created().hostname());
        assertEquals(List.of("sh", "-c", "-n", "x", "--", "-d"), created().cmd());
        assertNull(engine.created.get(0).name());
    }

    @Test
    void doubleDashEndsOptions() {
        CliRun r = CliRun.of(engine, "create", "-t", "--", "busybox", "-l");
        assertEquals(0, r.code(), r.err());
        assertEquals("busybox", created().image());
        assertEquals(List.of("-l"), created().cmd());
    }

    @Test
    void createFlags() {
        CliRun r = CliRun.of(engine, "create", "-u", "1000:1000", "--workdir", "/w", "--entrypoint", "/bin/sh",
                "-l", "a=b", "-lflag", "-R", "lxc", "--rm", "busybox");
        assertEquals(0, r.code(), r.err());
        ContainerConfig c = created();
        assertEquals("1000:1000", c.user());
        assertEquals("/w", c.workingDir());
        assertEquals(List.of("/bin/sh"), c.entrypoint());
        assertEquals(Map.of("a", "b", "flag", ""), c.labels());
        assertEquals("lxc", c.hostConfig().runtime());
        assertTrue(c.hostConfig().autoRemove());
    }

    @Test
    void unknownFlagIs125() {
        CliRun r = CliRun.of(engine, "run", "--bogus", "busybox");
        assertEquals(125, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertEquals(125, CliRun.of(engine, "ps", "-z").code());
        assertTrue(engine.created.isEmpty());
    }

    @Test
    void missingImageIs125() {
        assertEquals(125, CliRun.of(engine, "run", "-d").code());
    }

    @Test
    void unknownCommandIs1() {
        CliRun r = CliRun.of(engine, "foo");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'foo' is not a isula command"), r.err());
        assertEquals(1, CliRun.of(engine, "foo", "--help").code());
    }

    @Test
    void helpExitsZero() {
        CliRun r = CliRun.of(engine, "run", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--hostname"), r.out());
        assertTrue(engine.calls.isEmpty());
        assertEquals(0, CliRun.of(engine, "--help").code());
        assertEquals(0, CliRun.of(engine, "ps", "--help").code());
    }

    @Test
    void rootVersionFlag() {
        CliRun r = CliRun.of(engine, "--version");
        assertEquals(0, r.code());
        assertEquals("Version 0.1.0, commit abc\n", r.out());
    }

    @Test
    void leadingHostBeforeCommand() {
        assertEquals(0, CliRun.of(engine, "-H", "unix:///x.sock", "ps").code());
        assertEquals(0, CliRun.of(engine, "ps", "-H", "unix:///x.sock").code());
    }

    @Test
    void externalRootfsMustBeAbsoluteAndExist(@TempDir Path dir) throws Exception {
        CliRun rel = CliRun.of(engine, "run", "--external-rootfs", "rootfs", "none", "sh");
        assertEquals(125, rel.code());
        assertTrue(rel.err().contains("absolute"), rel.err());
        CliRun gone = CliRun.of(engine, "create", "--external-rootfs", dir.resolve("nope").toString(), "none");
        assertEquals(125, gone.code());
        assertTrue(gone.err().contains("does not exist"), gone.err());
        assertTrue(engine.created.isEmpty());

        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        CliRun ok = CliRun.of(engine, "create", "--external-rootfs=" + link, "none:latest", "sh");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(real.toRealPath().toString(), created().hostConfig().externalRootfs());
        assertEquals("none:latest", created().image());
    }

    @Test
    void createFailureIs125WithDaemonMessage() {
        engine.createFailure = EngineException.conflict("name web is in use");
        CliRun r = CliRun.of(engine, "create", "-n", "web", "busybox");
        assertEquals(125, r.code());
        assertEquals("Error response from daemon: name web is in use\n", r.err());
    }

    @Test
    void stopKillRmPrintEachNameAndContinueOnFailure() {
        engine.missing.add("b");
        CliRun r = CliRun.of(engine, "stop", "-t", "3", "a", "b", "c");
        assertEquals(1, r.code());
        assertEquals("a\nc\n", r.out());
        assertEquals("Error response from daemon: No such container: b\n", r.err());
        assertEquals(List.of("stop a 3", "stop c 3"), engine.calls);

        engine.calls.clear();
        assertEquals("a\n", CliRun.of(engine, "kill", "-s", "TERM", "a").out());
        assertEquals("a\n", CliRun.of(engine, "rm", "-f", "a").out());
        assertEquals("a\n", CliRun.of(engine, "start", "a").out());
        assertEquals(List.of("kill a TERM", "rm a true", "start a"), engine.calls);
    }

    @Test
    void stopForceUsesZeroTimeout() {
        CliRun.of(engine, "stop", "-f", "a");
        assertEquals(List.of("stop a 0"), engine.calls);
    }

    @Test
    void attachedRunReturnsContainerExitCodeAndRemovesAfterWait() {
        engine.exitCode = 3;
        CliRun r = CliRun.of(engine, "run", "--rm", "busybox", "false");
        assertEquals(3, r.code());
        assertEquals("hello\n", r.out());
        assertEquals("oops\n", r.err());
        assertFalse(created().hostConfig().autoRemove());
        assertEquals(List.of("create", "attach " + FakeEngine.ID + " stdin=false", "start " + FakeEngine.ID,
                "wait " + FakeEngine.ID, "rm " + FakeEngine.ID + " true"), engine.calls);
    }

    @Test
    void startAttachReturnsExitCode() {
        engine.exitCode = 7;
        CliRun r = CliRun.of(engine, "start", "-a", "c1");
        assertEquals(7, r.code());
        assertEquals("hello\n", r.out());
    }

    @Test
    void waitPrintsExitCodes() {
        engine.exitCode = 2;
        CliRun r = CliRun.of(engine, "wait", "a", "b");
        assertEquals("2\n2\n", r.out());
        assertEquals(0, r.code());
    }

    @Test
    void logsWithTimestampsAndTail() {
        CliRun r = CliRun.of(engine, "logs", "-t", "--tail", "5", "c1");
        assertEquals(0, r.code());
        assertEquals("2024-01-01T00:00:00Z hello\n", r.out());
        assertEquals("2024-01-01T00:00:01Z oops\n", r.err());
        assertEquals(List.of("logs c1 follow=false tail=5"), engine.calls);
    }

    @Test
    void psPassesOptions() {
        engine.rows = List.of(summary("aaaaaaaaaaaaaaaa", 100), summary("bbbbbbbbbbbbbbbb", 200));
        CliRun r = CliRun.of(engine, "ps", "-aq", "-f", "status=exited", "-f", "name=x");
        assertEquals("bbbbbbbbbbbb\naaaaaaaaaaaa\n", r.out());
        assertTrue(engine.listed.all());
        assertEquals(Map.of("status", List.of("exited"), "name", List.of("x")), engine.listed.filters());
        CliRun.of(engine, "ps", "-l");
        assertEquals(1, engine.listed.last());
        assertTrue(engine.listed.all());
    }

    @Test
    void inspectPrintsArrayWithIsulaStateNames() {
        CliRun r = CliRun.of(engine, "inspect", "web");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("[\n    {\n        \"Id\": \"" + FakeEngine.ID + "\","), r.out());
        assertTrue(r.out().contains("\"Status\": \"inited\""), r.out());
        assertTrue(r.out().contains("\"Name\": \"web\""), r.out());
        assertTrue(r.out().endsWith("}\n]\n"), r.out());
    }

    @Test
    void inspectTemplates() {
        assertEquals("inited\n", CliRun.of(engine, "inspect", "-f", "{{.State.Status}}", "web").out());
        assertEquals("[\"A=1\",\"B=2\"]\n", CliRun.of(engine, "inspect", "-f", "{{json .Config.Env}}", "web").out());
        assertEquals(FakeEngine.ID + " web\n", CliRun.of(engine, "inspect", "--format={{ .Id }} {{.Name}}", "web").out());
        CliRun missing = CliRun.of(engine, "inspect", "-f", "{{.State.Nope}}", "web");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("Nope"), missing.err());
    }

    @Test
    void inspectMissingContainerIs1() {
        engine.missing.add("gone");
        CliRun r = CliRun.of(engine, "inspect", "gone");
        assertEquals(1, r.code());
        assertEquals("[]\n", r.out());
        assertTrue(r.err().contains("No such image or container: gone"), r.err());
    }

    @Test
    void versionAndInfoThroughTheCommandLine() {
        CliRun v = CliRun.of(engine, "version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("Client:\n  Version:      0.1.0\n  Git commit:   abc\n"), v.out());
        CliRun i = CliRun.of(engine, "info");
        assertTrue(i.out().startsWith("Containers: 3\n Running: 1\n Paused: 0\n Stopped: 2\nImages: 4\n"), i.out());
    }

    static ContainerSummary summary(String id, long created) {
        return new ContainerSummary(id, List.of("/n" + id.charAt(0)), "busybox", "sha256:1", "sh", created,
                ContainerStatus.RUNNING, "Up 1 second", List.of(), Map.of(), 1, 0, 0, "", "", "runc");
    }

    @Test
    void startFailuresMapToDockersExitCodes() {
        assertEquals(127, io.isula.cli.command.RunCommandAccess.startFailureExitCode(
                "runc create failed: exec: \"/nope\": stat /nope: no such file or directory"));
        assertEquals(127, io.isula.cli.command.RunCommandAccess.startFailureExitCode("executable file not found in $PATH"));
        assertEquals(126, io.isula.cli.command.RunCommandAccess.startFailureExitCode("exec /etc: permission denied"));
        assertEquals(125, io.isula.cli.command.RunCommandAccess.startFailureExitCode("runtime runc is not available"));
    }
}
