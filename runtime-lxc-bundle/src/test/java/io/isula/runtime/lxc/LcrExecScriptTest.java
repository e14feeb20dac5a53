package io.isula.runtime.lxc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.util.conmon.ConmonExec;
import io.isula.core.util.conmon.EngineTerminal;
import io.isula.core.util.conmon.ExecFiles;
import io.isula.core.util.conmon.FifoReader;
import io.isula.core.util.conmon.Fifos;
import io.isula.core.util.conmon.Pty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lcr-runtime.sh's {@code exec} as conmon calls it, with a harmless command line in place of lxc-attach's, and the
 * argv file lcr writes for it.
 */
class LcrExecScriptTest {
    private static final String ID = "a".repeat(64);

    @TempDir
    Path dir;
    Path script;
    Path execDir;

    @BeforeEach
    void copyScript() throws IOException {
        script = dir.resolve("lcr-runtime.sh");
        try (InputStream in = LxcContainers.class.getResourceAsStream("lcr-runtime.sh")) {
            Files.write(script, in.readAllBytes());
        }
        execDir = Files.createDirectories(dir.resolve("exec/" + ID));
        Files.writeString(execDir.resolve("process.json"), "{}");
    }

    @Test
    void execBackgroundsTheCommandWithConmonsStdioAndReportsItsPid() throws Exception {
        Files.writeString(execDir.resolve("argv"), ShellWords.setArgs(
                List.of("/bin/sh", "-c", "read line; echo \"got $line\"; echo \"$$\" > \"$0\"", dir.resolve("ran").toString())));
        Path out = dir.resolve("out");
        // stdin from a file: the script exits as soon as the command is in the background, and a pipe written after
        // that is closed under the writer
        Path in = Files.writeString(dir.resolve("in"), "hello\n");
        Process p = command(out, "exec", "--pid-file", execDir.resolve("pid").toString(),
                "--process", execDir.resolve("process.json").toString(), "--detach", "c1")
                .redirectInput(in.toFile()).start();
        assertEquals(0, p.waitFor(), () -> read(out));
        int pid = Integer.parseInt(Files.readString(execDir.resolve("pid")).strip());
        awaitFile(dir.resolve("ran"));
        assertEquals(Integer.toString(pid), Files.readString(dir.resolve("ran")).strip(), "the reported pid is the command's");
        assertTrue(read(out).contains("got hello"), read(out));
    }

    @Test
    void aTerminalWithoutOneFromTheEngineFailsWithAReasonConmonAndTheEngineSee() throws Exception {
        Files.writeString(execDir.resolve("argv"), ShellWords.setArgs(List.of("/bin/true")));
        Path out = dir.resolve("out");
        Process p = run(out, "exec", "--pid-file", execDir.resolve("pid").toString(),
                "--process", execDir.resolve("process.json").toString(), "--detach",
                "--console-socket", dir.resolve("console.sock").toString(), "c1");
        p.getOutputStream().close();
        assertEquals(1, p.waitFor());
        assertTrue(read(out).contains("has no terminal prepared"), read(out));
        assertTrue(Files.readString(execDir.resolve("runtime.err")).contains("has no terminal prepared"));
        assertFalse(Files.exists(execDir.resolve("pid")));
    }

    @Test
    void aTerminalFromTheEngineIsTheCommandsStdioOnceConmonTookTheConsole() throws Exception {
        Path ran = dir.resolve("ran");
        Files.writeString(execDir.resolve("argv"), ShellWords.setArgs(
                List.of("/bin/sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo tty > \"$0\"", ran.toString())));
        Path consoleSocket = dir.resolve("console.sock");
        Fifos.make(execDir.resolve("console"));
        try (Pty terminal = Pty.open(); FifoReader console = FifoReader.open(execDir.resolve("console"));
             ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(consoleSocket));
            Path out = dir.resolve("out");
            ProcessBuilder pb = command(out, "exec", "--pid-file", execDir.resolve("pid").toString(),
                    "--process", execDir.resolve("process.json").toString(), "--detach",
                    "--console-socket", consoleSocket.toString(), "c1");
            pb.environment().put(EngineTerminal.ENV, terminal.slavePath());
            Process p = pb.start();
            // the engine's part: read the socket's name; conmon's part: take the connection and remove the socket
            assertEquals(consoleSocket.toString(), console.readLine(5_000));
            assertTrue(p.isAlive(), "the script ended before conmon had the terminal");
            Files.delete(consoleSocket);
            assertEquals(0, p.waitFor(), () -> read(out));
            awaitFile(ran);
            assertEquals("tty", Files.readString(ran).strip());
        }
    }

    @Test
    void anExecWithoutACommandLineFailsClearly() throws Exception {
        Path out = dir.resolve("out");
        Process p = run(out, "exec", "--pid-file", execDir.resolve("pid").toString(),
                "--process", execDir.resolve("process.json").toString(), "--detach", "c1");
        p.getOutputStream().close();
        assertEquals(1, p.waitFor());
        assertTrue(read(out).contains("exec in container c1 has no command line"), read(out));
        assertFalse(Files.exists(execDir.resolve("pid")));
    }

    @Test
    void theArgvFileHoldsLxcAttachsCommandLineAndTerminalsAreRefused() throws Exception {
        LcrLayout layout = LcrLayout.under(dir.resolve("state"));
        LcrExec exec = new LcrExec("/usr/bin/lxc-attach", layout, new ConmonExec("conmon", "info", Duration.ofSeconds(1)));
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), "{\"process\": {\"args\": [\"sleep\"], \"cwd\": \"/\"}}");
        ContainerHandle c = new ContainerHandle("c1", "lcr", bundle, dir.resolve("cstate"), dir.resolve("log"));
        ExecSpec spec = new ExecSpec(ID, List.of("echo", "it's"), List.of("A=1"), "/tmp",
                new ExecSpec.User(1000, 1000, List.of()), false, false, true, 0, 0);
        ExecFiles files = ExecFiles.of(c.stateDir(), layout.socketDir(), ID);
        Files.createDirectories(files.dir());
        exec.writeProcess(files, c, spec);
        assertTrue(Files.readString(files.processJson()).contains("\"args\":[\"echo\",\"it's\"]"));
        Process p = new ProcessBuilder("/bin/sh", "-c", ". \"$0\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done",
                LcrExec.argv(files).toString()).start();
        List<String> words = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        assertEquals(List.of("/usr/bin/lxc-attach", "-P", layout.lxcPath().toString(), "-n", "c1", "--clear-env",
                "-v", "A=1", "-u", "1000", "-g", "1000", "--", "/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", "/tmp",
                "echo", "it's"), words);
        assertEquals(List.of(layout.runtimeScript().toString(), layout.lxcPath().toString()), exec.runtimeArgs(files));

        assertTrue(exec.terminalFromEngine(), "lxc-attach cannot send conmon a terminal");
    }

    private Process run(Path out, String... args) throws IOException {
        return command(out, args).start();
    }

    private ProcessBuilder command(Path out, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", script.toString(), dir.resolve("lxc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove(EngineTerminal.ENV);
        return pb;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(file) || read(file).isBlank()) {
            assertTrue(System.nanoTime() < deadline, file + " never came");
            Thread.sleep(20);
        }
    }
}
