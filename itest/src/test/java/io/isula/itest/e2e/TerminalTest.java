package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user at a real terminal (tmux): run -it, resize, attach from two terminals, detach keys, exec -it. */
class TerminalTest extends E2eBase {
    private static final Duration SCREEN = Duration.ofSeconds(20);

    @Test
    void runItShellEchoesAndExitsWithItsCode() {
        try (Tmux tmux = new Tmux()) {
            tmux.start("run", 100, 30, isula.commandLine(withRootfs(List.of("run", "-it", "--rm"), "sh")));
            tmux.await("run", "/ #", SCREEN);
            tmux.typeLine("run", "echo hi; exit 3");
            String screen = tmux.await("run", "EXIT=", SCREEN);
            assertTrue(screen.lines().anyMatch("hi"::equals), screen);
            assertTrue(screen.contains("EXIT=3"), screen);
        }
    }

    @Test
    void resizingTheTerminalResizesTheContainersTerminal() {
        try (Tmux tmux = new Tmux()) {
            tmux.start("size", 100, 30, isula.commandLine(withRootfs(List.of("run", "-it", "--rm"), "sh")));
            tmux.await("size", "/ #", SCREEN);
            tmux.typeLine("size", "stty size");
            tmux.await("size", "30 100", SCREEN);
            tmux.resize("size", 120, 40);
            tmux.typeLine("size", "stty size");
            tmux.await("size", "40 120", SCREEN);
            tmux.typeLine("size", "exit");
            tmux.await("size", "EXIT=0", SCREEN);
        }
    }

    @Test
    void twoAttachedTerminalsSeeTheSameShellAndDetachKeysLeaveItRunning() {
        String name = uniqueName("tty");
        runDetached(name, List.of("-t", "-i"), "sh");
        try (Tmux tmux = new Tmux()) {
            tmux.start("a", 100, 30, isula.commandLine("attach", name));
            tmux.start("b", 100, 30, isula.commandLine("attach", name));
            awaitAttached(tmux, "a");
            awaitAttached(tmux, "b");
            tmux.typeLine("a", "echo from-$((40+2))");
            tmux.await("a", "from-42", SCREEN);
            tmux.await("b", "from-42", SCREEN);

            tmux.send("a", "C-p", "C-q");
            tmux.await("a", "EXIT=0", SCREEN);
            assertEquals("running", status(name));

            tmux.typeLine("b", "echo still-$((1+1))");
            tmux.await("b", "still-2", SCREEN);
            tmux.send("b", "C-p", "C-q");
            tmux.await("b", "EXIT=0", SCREEN);

            // re-attach after both detached: the same shell, still reading its terminal
            tmux.start("c", 100, 30, isula.commandLine("attach", name));
            awaitAttached(tmux, "c");
            tmux.typeLine("c", "exit 4");
            tmux.await("c", "EXIT=4", SCREEN);
        }
        awaitStatus(name, "exited", SCREEN);
        assertEquals("4", inspectF(name, "{{.State.ExitCode}}"));
    }

    /** A fresh attachment shows nothing until the shell writes: Enter until its prompt shows on this terminal. */
    private static void awaitAttached(Tmux tmux, String session) {
        Poll.until(SCREEN, "the shell's prompt on terminal " + session, () -> {
            tmux.send(session, "Enter");
            Poll.sleep(100);
            return tmux.screen(session).contains("/ #");
        }, () -> tmux.screen(session));
    }

    @Test
    void execItGetsATerminalOfTheClientsSizeAndItsExitCode() {
        String name = uniqueName("execit");
        runDetached(name, "sleep", "1000");
        try (Tmux tmux = new Tmux()) {
            tmux.start("x", 90, 25, isula.commandLine("exec", "-it", name, "sh"));
            tmux.await("x", "/ #", SCREEN);
            tmux.typeLine("x", "stty size; tty");
            tmux.await("x", "/dev/pts/", SCREEN);
            tmux.await("x", "25 90", SCREEN);
            tmux.resize("x", 70, 20);
            tmux.typeLine("x", "stty size");
            tmux.await("x", "20 70", SCREEN);
            tmux.typeLine("x", "exit 6");
            tmux.await("x", "EXIT=6", SCREEN);
        }
    }

    @Test
    void createTtyThenStartAttachedShowsTheOutput() {
        String name = uniqueName("starta");
        create(name, List.of("-t"), "sh", "-c", "echo started; tty");
        Result r = isula("start", "-a", name);
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = new ArrayList<>(r.stdout().lines().map(String::strip).toList());
        assertEquals("started", lines.get(0), r::toString);
        assertTrue(lines.get(1).startsWith("/dev/pts/"), r::toString);
    }
}
