package io.isula.runtime.runc;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessStdio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** exec and attach through conmon's sockets and FIFOs, with real runc and conmon. */
@Tag("e2e")
class RuncStdioE2ETest extends RuncProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void execRelaysStdoutAndStderrThenTheExitCode() throws Exception {
        ContainerHandle c = running("sleep", "100");
        RecordingOutput out = new RecordingOutput();
        ProcessStdio p = provider.exec(c, exec(false, false, true, "sh", "-c", "echo out; echo err >&2; exit 5"), out);
        assertTrue(p.pid() > 0);
        assertEquals(5, out.awaitExit(WAIT));
        out.awaitClosed(WAIT);
        assertTrue(out.exitCameBeforeClose());
        assertEquals("out\n", out.stdout());
        assertEquals("err\n", out.stderr());
        assertExecFilesGone(c);
    }

    @Test
    void execReadsStdinUntilItIsClosed() throws Exception {
        ContainerHandle c = running("sleep", "100");
        RecordingOutput out = new RecordingOutput();
        ProcessStdio p = provider.exec(c, exec(false, true, true, "cat"), out);
        byte[] data = "data\n".getBytes(StandardCharsets.UTF_8);
        p.write(data, 0, data.length);
        out.awaitStdout("data", WAIT);
        p.closeStdin();
        assertEquals(0, out.awaitExit(WAIT));
        assertEquals("data\n", out.stdout());
    }

    @Test
    void execWithATerminalHasTheRequestedSize() throws Exception {
        ContainerHandle c = running("sleep", "100");
        RecordingOutput out = new RecordingOutput();
        ExecSpec spec = new ExecSpec(newId(), List.of("/bin/busybox", "stty", "size"), List.of("PATH=/bin"), "/", null,
                true, false, true, 30, 100);
        provider.exec(c, spec, out);
        assertEquals(0, out.awaitExit(WAIT));
        assertEquals("30 100", out.stdout().strip());
    }

    @Test
    void detachedExecKeepsRunningAndIsReportedWhenItEnds() throws Exception {
        ContainerHandle c = running("sleep", "100");
        RecordingOutput out = new RecordingOutput();
        ProcessStdio p = provider.exec(c, exec(false, false, false, "sh", "-c", "sleep 0.5; exit 4"), out);
        assertTrue(ProcessHandle.of(p.pid()).isPresent(), "exec'd process " + p.pid() + " runs");
        assertEquals(4, out.awaitExit(WAIT));
        out.awaitClosed(WAIT);
        assertEquals("", out.stdout());
    }

    @Test
    void execOfAMissingProgramFailsWithRuncsReason() throws Exception {
        ContainerHandle c = running("sleep", "100");
        EngineException e = assertThrows(EngineException.class,
                () -> provider.exec(c, exec(false, false, true, "/no/such/program"), new RecordingOutput()));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
        assertExecFilesGone(c);
    }

    @Test
    void attachBeforeStartSeesAllOutputAndFeedsStdin() throws Exception {
        ContainerHandle c = handle("sh", "-c", "echo ready; read line; echo got:$line; exit 2");
        provider.create(c, new CreateOptions(null, false, true));
        RecordingOutput out = new RecordingOutput();
        ProcessStdio stdio = provider.attach(c, out);
        provider.start(c);
        out.awaitStdout("ready", WAIT);
        byte[] line = "hello\n".getBytes(StandardCharsets.UTF_8);
        stdio.write(line, 0, line.length);
        assertEquals(2, context.awaitExit(c.id(), WAIT).code());
        out.awaitClosed(WAIT);
        assertEquals("ready\ngot:hello\n", out.stdout());
    }

    @Test
    void closingStdinOfAContainerWithoutTerminalEndsItsInput() throws Exception {
        ContainerHandle c = handle("cat");
        provider.create(c, new CreateOptions(null, false, true));
        RecordingOutput out = new RecordingOutput();
        ProcessStdio stdio = provider.attach(c, out);
        provider.start(c);
        byte[] data = "data".getBytes(StandardCharsets.UTF_8);
        stdio.write(data, 0, data.length);
        stdio.closeStdin();
        assertEquals(0, context.awaitExit(c.id(), WAIT).code());
        out.awaitClosed(WAIT);
        assertEquals("data", out.stdout());
    }

    @Test
    void detachingLeavesTheContainerRunningAndAnotherAttachSeesItsOutput() throws Exception {
        ContainerHandle c = handle("sh", "-c", "while true; do echo tick; sleep 0.1; done");
        provider.create(c, new CreateOptions(null, false, false));
        RecordingOutput first = new RecordingOutput();
        ProcessStdio a = provider.attach(c, first);
        provider.start(c);
        first.awaitStdout("tick", WAIT);
        a.close();
        first.awaitClosed(WAIT);
        RecordingOutput second = new RecordingOutput();
        ProcessStdio b = provider.attach(c, second);
        second.awaitStdout("tick", WAIT);
        assertFalse(second.isClosed());
        b.close();
        provider.kill(c, 9);
        context.awaitExit(c.id(), WAIT);
    }

    private static ExecSpec exec(boolean tty, boolean stdin, boolean attached, String... args) {
        return new ExecSpec(newId(), List.of(args), List.of("PATH=/bin"), "/", null, tty, stdin, attached, 0, 0);
    }

    private void assertExecFilesGone(ContainerHandle c) throws InterruptedException {
        Path execs = c.stateDir().resolve("exec");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (var s = Files.exists(execs) ? Files.list(execs) : java.util.stream.Stream.<Path>empty()) {
                if (s.findAny().isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("exec files left in " + execs);
            }
            Thread.sleep(20);
        }
    }
}
