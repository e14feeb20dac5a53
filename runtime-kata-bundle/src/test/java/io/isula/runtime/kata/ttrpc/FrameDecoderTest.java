package io.isula.runtime.kata.ttrpc;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {
    @Test
    void framesArrivingOneByteAtATimeOrManyAtOnceComeOutWhole() {
        byte[] a = new Frame(1, Frame.RESPONSE, (byte) 0, "first".getBytes(StandardCharsets.UTF_8)).encode();
        byte[] b = new Frame(3, Frame.RESPONSE, (byte) 0, new byte[0]).encode();
        byte[] both = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();

        FrameDecoder bytewise = new FrameDecoder();
        List<Frame> got = new ArrayList<>();
        for (byte x : both) {
            bytewise.feed(new byte[] {x}, 0, 1, got::add);
        }
        assertEquals(2, got.size());
        assertEquals(1, got.get(0).streamId());
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), got.get(0).payload());
        assertEquals(3, got.get(1).streamId());
        assertEquals(0, got.get(1).payload().length);
        assertDoesNotThrow(bytewise::end);

        List<Frame> atOnce = new ArrayList<>();
        new FrameDecoder().feed(both, 0, both.length, atOnce::add);
        assertEquals(2, atOnce.size());
    }

    @Test
    void anOversizedLengthIsRefusedFromTheHeader() {
        byte[] header = ByteBuffer.allocate(10).putInt(Frame.MAX_PAYLOAD + 1).putInt(7).put((byte) 2).put((byte) 0).array();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new FrameDecoder().feed(header, 0, header.length, f -> { }));
        assertTrue(e.getMessage().contains("exceeds the 4 MiB limit") && e.getMessage().contains("stream 7"),
                e.getMessage());
    }

    @Test
    void anEndInsideAFrameSaysHowFarItGot() {
        FrameDecoder d = new FrameDecoder();
        byte[] part = ByteBuffer.allocate(14).putInt(100).putInt(1).put((byte) 2).put((byte) 0).putInt(5).array();
        d.feed(part, 0, part.length, f -> { });
        EOFException e = assertThrows(EOFException.class, d::end);
        assertTrue(e.getMessage().contains("14 of 110 bytes"), e.getMessage());

        FrameDecoder h = new FrameDecoder();
        h.feed(new byte[] {0, 0, 0}, 0, 3, f -> { });
        assertTrue(assertThrows(EOFException.class, h::end).getMessage().contains("3 of 10 header bytes"));
    }
}
