package io.isula.runtime.lxc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The argv file's quoting, mount targets in a read-only root, the OOM counter, the layout's socket dir. */
class SmallPartsTest {
    @Test
    void argvIsQuotedSoThatTheShellGivesItBackExactly() throws Exception {
        List<String> argv = List.of("sh", "-c", "echo 'a'  \"$HOME\" `x` \\ ;", "", "it's");
        String script = ShellWords.setArgs(argv) + "for a in \"$@\"; do printf '%s\\0' \"$a\"; done";
        Process p = new ProcessBuilder("/bin/sh", "-c", script).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertEquals(String.join("\0", argv) + "\0", out);
        assertThrows(IllegalArgumentException.class, () -> ShellWords.quote("a\0b"));
    }

    @Test
    void mountTargetsAreMadeInsideTheRootfsAndNeverThroughALink(@TempDir Path dir) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        MountTargets.create(rootfs, new LxcSetup.Target("/a/b/dir", true));
        MountTargets.create(rootfs, new LxcSetup.Target("/etc/hosts", false));
        assertTrue(Files.isDirectory(rootfs.resolve("a/b/dir")));
        assertTrue(Files.isRegularFile(rootfs.resolve("etc/hosts")));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(rootfs.resolve("evil"), outside);
        IOException e = assertThrows(IOException.class,
                () -> MountTargets.create(rootfs, new LxcSetup.Target("/evil/x", true)));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("x")), "nothing was made outside the rootfs");
    }

    @Test
    void oomKillsAreReadFromOomControl() {
        assertEquals(2, OomWatch.oomKills(List.of("oom_kill_disable 0", "under_oom 0", "oom_kill 2")));
        assertEquals(0, OomWatch.oomKills(List.of("oom_kill_disable 0", "under_oom 0")));
    }

    @Test
    void aLongStateRootGetsAShortSocketDir() {
        LcrLayout shortOne = LcrLayout.under(Path.of("/run/st"));
        assertEquals(Path.of("/run/st/lcr/.sock"), shortOne.socketDir());
        assertEquals(Path.of("/run/st/lcr/.lxc"), shortOne.lxcPath());
        LcrLayout longOne = LcrLayout.under(Path.of("/tmp/" + "x".repeat(60)));
        assertTrue(longOne.socketDir().toString().length() + 72 <= 107, longOne.socketDir().toString());
        assertTrue(longOne.socketDir().startsWith("/run/isula-lcr"));
    }
}
