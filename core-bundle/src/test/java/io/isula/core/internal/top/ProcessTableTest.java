package io.isula.core.internal.top;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProcessList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcessTableTest {
    private static final String PS = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 10:00 ?        00:00:01 /sbin/init
            root         420     400  0 10:01 ?        00:00:00 sleep 1000
            root         431     420  0 10:01 pts/0    00:00:00 sh -c echo a b  c
            """;

    @Test
    void keepsTheContainersRowsWithTheCommandWhole() {
        ProcessList l = ProcessTable.parse(PS, Set.of(420, 431));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), l.titles());
        assertEquals(2, l.processes().size());
        assertEquals("sleep 1000", l.processes().get(0).get(7));
        assertEquals("sh -c echo a b  c", l.processes().get(1).get(7));
    }

    @Test
    void needsAPidColumn() {
        assertThrows(EngineException.class, () -> ProcessTable.parse("USER CMD\nroot sh\n", Set.of(1)));
        assertThrows(EngineException.class, () -> ProcessTable.parse("PID CMD\nabc sh\n", Set.of(1)));
    }
}
