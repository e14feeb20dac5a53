package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConmonProcessTest {
    @Test
    void stateLetterFollowsTheLastParen() {
        assertEquals('S', ConmonProcess.stateOf("123 (conmon) S 1 123 123 0 -1"));
        assertEquals('Z', ConmonProcess.stateOf("123 (a) (b)) Z 1 2 3"));
    }

    @Test
    void startTimeIsField22AfterTheLastParen() {
        String fields = " S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 19 20";
        assertEquals(987654L, ConmonProcess.startTimeOf("42 (a b) (c))" + fields));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConmonProcess.startTimeOf("42 (short) S 1"));
    }

    @Test
    void recognisesOnlyTheConmonOfThisContainer(@TempDir Path proc) throws Exception {
        fake(proc, 10, "S", "/usr/bin/conmon", "--api-version", "1", "-c", "c1", "-u", "c1");
        fake(proc, 11, "Z", "/usr/bin/conmon", "-c", "c1");
        fake(proc, 12, "S", "/bin/sleep", "-c", "c1");
        ConmonProcess p = new ConmonProcess(proc);
        assertTrue(p.alive(10, "c1"));
        assertFalse(p.alive(10, "c2"), "another container's conmon");
        assertFalse(p.alive(11, "c1"), "zombie");
        assertFalse(p.alive(12, "c1"), "recycled pid");
        assertFalse(p.alive(13, "c1"), "gone");
    }

    private static void fake(Path proc, int pid, String state, String... argv) throws Exception {
        Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(d.resolve("stat"), pid + " (" + Path.of(argv[0]).getFileName() + ") " + state + " 1 1 1");
        Files.writeString(d.resolve("cmdline"), String.join("\0", argv) + "\0");
    }
}
