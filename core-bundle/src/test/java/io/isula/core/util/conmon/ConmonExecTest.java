package io.isula.core.util.conmon;

import io.isula.core.api.EngineException;
import io.isula.core.api.LogEntry;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exec plumbing shared by runtimes, against fake conmons that talk on the sync FIFO as the real one does. */
class ConmonExecTest {
    private static final String ID = "e".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aDetachedExecReportsItsPidThenItsExitAndLeavesNoFiles() throws Exception {
        Recording output = new Recording();
        ProcessStdio stdio = start("echo '{\"data\": 4242}' >&3\n( sleep 0.2; echo '{\"data\": 3}' >&3 ) &\nexit 0",
                new FakeRuntime(), exec(false, false), output);
        assertEquals(4242, stdio.pid());
        assertEquals(3, output.exit.get(10, TimeUnit.SECONDS));
        output.closed.get(10, TimeUnit.SECONDS);
        assertGone(files().dir());
        assertThrows(EngineException.class, () -> stdio.write(new byte[1], 0, 1), "no stdin without an attachment");
    }

    @Test
    void theRuntimesOwnReasonComesFirst() {
        FakeRuntime rt = new FakeRuntime();
        rt.error = Optional.of("no such container x");
        EngineException e = assertThrows(EngineException.class,
                () -> start("echo '{\"data\": -1, \"message\": \"raw\"}' >&3", rt, exec(false, false), new Recording()));
        assertEquals("fake exec failed: no such container x", e.getMessage());
        assertGone(files().dir());
    }

    @Test
    void conmonsMessageIsMadeReadableByTheRuntime() {
        EngineException e = assertThrows(EngineException.class, () -> start(
                "echo '{\"data\": -1, \"message\": \"  it broke  \"}' >&3", new FakeRuntime(), exec(false, false),
                new Recording()));
        assertEquals("fake exec failed: [it broke]", e.getMessage());
    }

    @Test
    void aConmonThatFailsToStartIsReportedWithItsOutput() {
        EngineException e = assertThrows(EngineException.class,
                () -> start("echo 'bad option' >&2; exit 2", new FakeRuntime(), exec(false, false), new Recording()));
        assertTrue(e.getMessage().contains("conmon exited with code 2") && e.getMessage().contains("bad option"),
                e.getMessage());
        assertGone(files().dir());
    }

    @Test
    void aProcessSpecThatCannotBeWrittenLeavesNothingBehind() {
        FakeRuntime rt = new FakeRuntime();
        rt.writeFails = true;
        EngineException e = assertThrows(EngineException.class,
                () -> start("exit 0", rt, exec(false, false), new Recording()));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertFalse(Files.exists(files().dir()));
    }

    @Test
    void anExecIdIsStartedOnceAndTheFirstKeepsItsFiles() throws Exception {
        Files.createDirectories(files().dir());
        Files.writeString(files().dir().resolve("keep"), "x");
        EngineException e = assertThrows(EngineException.class,
                () -> start("exit 0", new FakeRuntime(), exec(false, false), new Recording()));
        assertEquals(EngineException.Kind.CONFLICT, e.kind());
        assertTrue(Files.exists(files().dir().resolve("keep")));
    }

    @Test
    void anExecIdThatIsNotAFileNameIsRefused() {
        for (String bad : new String[] {"../x", "a/b", "", ".hidden", null}) {
            EngineException e = assertThrows(EngineException.class, () -> ExecFiles.of(dir, dir, bad), bad);
            assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        }
    }

    @Test
    void conmonsCommandLineCarriesTheRuntimeAndTheExecsOptions() {
        ConmonExec conmon = new ConmonExec("/usr/bin/conmon", "warn", Duration.ofSeconds(5));
        ExecFiles files = files();
        List<String> attached = conmon.command(new FakeRuntime(), "c1", exec(true, true), files);
        assertEquals(List.of("/usr/bin/conmon", "--api-version", "1", "-c", "c1", "-u", ID, "-n", "c1",
                "-r", "/bin/fake", "-b", files.dir().toString(), "-p", files.pidFile().toString(),
                "-P", files.conmonPidFile().toString(), "-l", "none",
                "--socket-dir-path", dir.resolve("sock").toString(), "--log-level", "warn",
                "-e", "--exec-process-spec", files.processJson().toString(), "--exec-attach", "-i",
                "--runtime-arg", "one", "--runtime-arg", files.dir().resolve("two").toString()), attached);
        List<String> detached = conmon.command(new FakeRuntime(), "c1", exec(false, false), files);
        assertFalse(detached.contains("--exec-attach") || detached.contains("-i") || detached.contains("-t"));
    }

    @Test
    void removeAllTakesTheExecsOfAContainerWithTheirLinksAndNoOtherLink() throws IOException {
        Path sockets = Files.createDirectories(dir.resolve("sock"));
        ExecFiles left = files();
        Files.createDirectories(left.dir());
        Files.writeString(left.processJson(), "{}");
        Files.createSymbolicLink(left.socketLink(), left.dir());
        Path elsewhere = Files.createDirectories(dir.resolve("other"));
        ExecFiles foreign = ExecFiles.of(dir.resolve("state"), sockets, "f".repeat(64));
        Files.createDirectories(foreign.dir());
        Files.createSymbolicLink(foreign.socketLink(), elsewhere);
        ExecFiles.removeAll(dir.resolve("state"), sockets);
        assertFalse(Files.exists(dir.resolve("state/exec")));
        assertFalse(Files.exists(left.socketLink(), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(foreign.socketLink()), "a link to another folder is not ours to remove");
        ExecFiles.removeAll(dir.resolve("nothing"), sockets);
    }

    private ProcessStdio start(String fakeConmon, FakeRuntime rt, ExecSpec spec, ProcessOutput output) throws IOException {
        Path fake = dir.resolve("conmon");
        Files.writeString(fake, "#!/bin/sh\n" + fakeConmon + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ContainerHandle c = new ContainerHandle("c1", "fake", dir.resolve("bundle"), dir.resolve("state"),
                dir.resolve("log"));
        return new ConmonExec(fake.toString(), "info", Duration.ofSeconds(10)).start(rt, c, files(), spec, output);
    }

    private ExecFiles files() {
        return ExecFiles.of(dir.resolve("state"), dir.resolve("sock"), ID);
    }

    private static ExecSpec exec(boolean attached, boolean stdin) {
        return new ExecSpec(ID, List.of("true"), List.of("PATH=/bin"), "/", null, false, stdin, attached, 0, 0);
    }

    private static void assertGone(Path path) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(path)) {
            assertTrue(System.nanoTime() < deadline, path + " was left behind");
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    private static final class FakeRuntime implements ExecRuntime {
        Optional<String> error = Optional.empty();
        boolean writeFails;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String binary() {
            return "/bin/fake";
        }

        @Override
        public List<String> runtimeArgs(ExecFiles files) {
            return List.of("one", files.dir().resolve("two").toString());
        }

        @Override
        public void writeProcess(ExecFiles files, ContainerHandle c, ExecSpec spec) throws IOException {
            if (writeFails) {
                Files.writeString(files.dir().resolve("half"), "{");
                throw new IOException("disk full");
            }
            Files.writeString(files.processJson(), "{}");
        }

        @Override
        public Optional<String> error(ExecFiles files) {
            return error;
        }

        @Override
        public String conmonMessage(String message) {
            return "[" + message.strip() + "]";
        }
    }

    private static final class Recording implements ProcessOutput {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final List<String> chunks = new ArrayList<>();

        @Override
        public synchronized void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
            chunks.add(new String(data, offset, length));
        }

        @Override
        public void exited(int exitCode) {
            exit.complete(exitCode);
        }

        @Override
        public void closed() {
            closed.complete(null);
        }
    }
}
