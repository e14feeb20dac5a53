package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonProcess;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConmonLauncherTest {
    private final RuntimeLayout rt = RuntimeLayout.of("kata-like", "/usr/bin/crun", List.of("--debug"), Path.of("/run/isd"));
    private final ContainerHandle c = new ContainerHandle("abc", "kata-like", Path.of("/var/lib/isd/engines/kata-like/abc"),
            Path.of("/run/isd/kata-like/abc"), Path.of("/var/lib/isd/engines/kata-like/abc/console.log"));
    private final ConmonLauncher launcher = new ConmonLauncher("/usr/bin/conmon", "DEBUG", Duration.ofSeconds(1),
            new ConmonProcess());

    @Test
    void commandLine() {
        List<String> cmd = launcher.command(rt, c, ContainerFiles.of(c, rt), new CreateOptions(Path.of("/r"), false, false));
        assertEquals(List.of("/usr/bin/conmon", "--api-version", "1", "-c", "abc", "-u", "abc", "-n", "abc",
                "-r", "/usr/bin/crun",
                "-b", "/var/lib/isd/engines/kata-like/abc",
                "-p", "/run/isd/kata-like/abc/pidfile",
                "-P", "/run/isd/kata-like/abc/conmon.pid",
                "--exit-dir", "/run/isd/kata-like/.exits",
                "--persist-dir", "/run/isd/kata-like/abc",
                "-l", "k8s-file:/var/lib/isd/engines/kata-like/abc/console.log",
                "--socket-dir-path", "/run/isd/kata-like/.sock",
                "--log-level", "debug",
                "--runtime-arg", "--debug", "--runtime-arg", "--root", "--runtime-arg", "/run/isd/kata-like/.runc-root",
                "--runtime-arg", "--log", "--runtime-arg", "/run/isd/kata-like/abc/runc.log",
                "--runtime-arg", "--log-format", "--runtime-arg", "json"),
                cmd);
    }

    @Test
    void terminalAddsDashT() {
        List<String> cmd = launcher.command(rt, c, ContainerFiles.of(c, rt), new CreateOptions(Path.of("/r"), true, false));
        assertEquals("-t", cmd.get(cmd.size() - 1));
        assertTrue(!cmd.contains("--syslog"));
    }

    @Test
    void stdinWithoutTerminalAddsDashIAndDisabledLogsWriteNone() {
        List<String> cmd = launcher.command(rt, c, ContainerFiles.of(c, rt), new CreateOptions(Path.of("/r"), false, true,
                new io.isula.core.spi.ContainerLog(true, 0, 1)));
        assertEquals("-i", cmd.get(cmd.size() - 1));
        assertEquals("none", cmd.get(cmd.indexOf("-l") + 1));
        List<String> tty = launcher.command(rt, c, ContainerFiles.of(c, rt), new CreateOptions(Path.of("/r"), true, true));
        assertTrue(tty.contains("-t") && !tty.contains("-i"), "a terminal's input is never closed by conmon: no -i");
    }

    @Test
    void logLevels() {
        assertEquals("info", ConmonLauncher.conmonLogLevel(null));
        assertEquals("info", ConmonLauncher.conmonLogLevel("INFO"));
        assertEquals("debug", ConmonLauncher.conmonLogLevel("debug"));
        assertEquals("warn", ConmonLauncher.conmonLogLevel("WARN"));
        assertEquals("error", ConmonLauncher.conmonLogLevel("FATAL"));
        assertEquals("error", ConmonLauncher.conmonLogLevel("ERROR"));
        assertEquals("trace", ConmonLauncher.conmonLogLevel("TRACE"));
    }
}
