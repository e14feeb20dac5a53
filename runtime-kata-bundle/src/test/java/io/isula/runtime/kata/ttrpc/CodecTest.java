package io.isula.runtime.kata.ttrpc;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecTest {
    @Test
    void requestEnvelopeRoundTrips() {
        Envelopes.Request r = new Envelopes.Request("containerd.task.v2.Task", "Create", new byte[] {1, 2, 3},
                5_000_000_000L, Map.of("containerd-namespace-ttrpc", "isula-x"));
        Envelopes.Request back = Envelopes.Request.decode(r.encode());
        assertEquals(r.service(), back.service());
        assertEquals(r.method(), back.method());
        assertArrayEquals(r.payload(), back.payload());
        assertEquals(r.timeoutNanos(), back.timeoutNanos());
        assertEquals(r.metadata(), back.metadata());
    }

    @Test
    void responseEnvelopeRoundTripsWithAndWithoutStatus() {
        Envelopes.Response ok = Envelopes.Response.decode(new Envelopes.Response(null, new byte[] {9}).encode());
        assertEquals(null, ok.status());
        assertArrayEquals(new byte[] {9}, ok.payload());
        Envelopes.Response err = Envelopes.Response.decode(
                new Envelopes.Response(new Envelopes.Status(9, "bad state"), null).encode());
        assertEquals(new Envelopes.Status(9, "bad state"), err.status());
    }

    @Test
    void largeAndNegativeVarintsRoundTrip() {
        byte[] b = new ProtoWriter().varint(1, -1L).varint(2, Long.MAX_VALUE).varint(3, 0xFFFFFFFFL).toByteArray();
        ProtoReader r = new ProtoReader(b);
        r.next();
        assertEquals(-1L, r.varint());
        r.next();
        assertEquals(Long.MAX_VALUE, r.varint());
        r.next();
        assertEquals(-1, r.int32());
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        assertTrue(assertThrows(ProtocolException.class, () -> drain(new byte[] {0x0a, 0x05, 'a'})).getMessage()
                .contains("claims 5 bytes"));
        assertTrue(assertThrows(ProtocolException.class, () -> drain(new byte[] {0x08, (byte) 0x80})).getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(ProtocolException.class, () -> drain(new byte[] {0x0b})).getMessage()
                .contains("wire type 3"));
        assertTrue(assertThrows(ProtocolException.class, () -> drain(new byte[] {0x00, 0x01})).getMessage()
                .contains("field number 0"));
        byte[] tooLong = new byte[11];
        java.util.Arrays.fill(tooLong, (byte) 0xFF);
        tooLong[0] = 0x08;
        assertThrows(ProtocolException.class, () -> drain(tooLong));
    }

    @Test
    void unknownFieldsAreSkipped() {
        byte[] b = new ProtoWriter().string(7, "future").varint(99, 5).string(2, "Start").toByteArray();
        assertEquals("Start", Envelopes.Request.decode(b).method());
    }

    private static void drain(byte[] b) {
        ProtoReader r = new ProtoReader(b);
        while (r.next()) {
            // reading every field is the test
        }
    }
}
