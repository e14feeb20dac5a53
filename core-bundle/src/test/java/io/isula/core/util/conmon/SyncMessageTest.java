package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncMessageTest {
    @Test
    void pidLine() {
        SyncMessage m = SyncMessage.parse("{\"data\": 25142}");
        assertTrue(m.succeeded());
        assertEquals(25142, m.data());
        assertNull(m.message());
    }

    @Test
    void failureLineCarriesRuncsError() {
        // as conmon 2.1.6 wrote it for a missing executable
        SyncMessage m = SyncMessage.parse("{\"data\": -1, \"message\": \"runc create failed: unable to start container "
                + "process: exec: \\\"/nonexist\\\": stat /nonexist: no such file or directory\\n\"}");
        assertFalse(m.succeeded());
        assertEquals(-1, m.data());
        assertTrue(m.message().contains("exec: \"/nonexist\""), m.message());
    }

    @Test
    void zeroIsNotAPid() {
        assertFalse(SyncMessage.parse("{\"data\": 0}").succeeded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "garbage", "{\"message\": \"x\"}", "{\"data\": \"abc\"}", "[1]", "{\"data\": 1"})
    void rejectsBadLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> SyncMessage.parse(line));
    }

    @Test
    void hugeGarbageIsAbbreviatedInTheError() {
        String line = "x".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncMessage.parse(line));
        assertTrue(e.getMessage().length() < 500, "message length " + e.getMessage().length());
    }
}
