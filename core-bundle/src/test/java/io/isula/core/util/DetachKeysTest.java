package io.isula.core.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetachKeysTest {
    @Test
    void defaultIsCtrlPCtrlQ() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse(null).bytes());
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse("ctrl-p,ctrl-q").bytes());
    }

    @Test
    void parsesDockersNotation() {
        assertArrayEquals(new byte[] {0, 27, 28, 29, 30, 31, 'x', 1, 26},
                DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,x,ctrl-a,CTRL-Z").bytes());
        assertTrue(DetachKeys.parse("").isEmpty());
    }

    @Test
    void rejectsUnknownKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-1"));
        assertTrue(e.getMessage().contains("ctrl-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ab"));
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-p,,ctrl-q"));
    }

    @Test
    void passesInputAndStopsAtTheSequence() {
        DetachKeys.Scanner s = DetachKeys.parse(null).scanner();
        ByteArrayOutputStream pass = new ByteArrayOutputStream();
        assertFalse(s.scan(bytes("ls\n"), 0, 3, pass));
        assertTrue(s.scan(new byte[] {'a', 16, 17, 'b'}, 0, 4, pass));
        assertEquals("ls\na", pass.toString(StandardCharsets.UTF_8));
        assertTrue(s.detached());
    }

    @Test
    void heldBytesArePassedWhenTheSequenceBreaks() {
        DetachKeys.Scanner s = DetachKeys.parse(null).scanner();
        ByteArrayOutputStream pass = new ByteArrayOutputStream();
        assertFalse(s.scan(new byte[] {16}, 0, 1, pass));
        assertEquals(0, pass.size());
        assertFalse(s.scan(new byte[] {'x', 16, 16}, 0, 3, pass));
        assertArrayEquals(new byte[] {16, 'x', 16}, pass.toByteArray());
        assertTrue(s.scan(new byte[] {17}, 0, 1, pass), "ctrl-p ctrl-p ctrl-q detaches with the second ctrl-p");
    }

    @Test
    void sequenceSplitAcrossChunks() {
        DetachKeys.Scanner s = DetachKeys.parse("a,b,c").scanner();
        ByteArrayOutputStream pass = new ByteArrayOutputStream();
        assertFalse(s.scan(bytes("xa"), 0, 2, pass));
        assertFalse(s.scan(bytes("b"), 0, 1, pass));
        assertTrue(s.scan(bytes("cy"), 0, 2, pass));
        assertEquals("x", pass.toString(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
