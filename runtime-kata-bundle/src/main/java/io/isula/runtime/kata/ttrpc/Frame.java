package io.isula.runtime.kata.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One ttrpc frame: a 10-byte header (payload length and stream id, both uint32 big-endian, then type and flags)
 * and the payload.
 */
public record Frame(int streamId, byte type, byte flags, byte[] payload) {
    public static final byte REQUEST = 1;
    public static final byte RESPONSE = 2;
    public static final int HEADER = 10;
    /** ttrpc's limit on one message. */
    public static final int MAX_PAYLOAD = 4 << 20;

    public void write(WritableByteChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(encode());
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The frame as it goes on the wire. */
    public byte[] encode() {
        if (payload.length > MAX_PAYLOAD) {
            throw new ProtocolException("ttrpc message of " + payload.length + " bytes exceeds the 4 MiB limit");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putInt(streamId).put(type).put(flags).put(payload);
        return b.array();
    }

    /** The next frame, or null when the peer closed the connection between two frames. */
    public static Frame read(ReadableByteChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (!fill(ch, header, true)) {
            return null;
        }
        header.flip();
        long length = Integer.toUnsignedLong(header.getInt());
        int stream = header.getInt();
        byte type = header.get();
        byte flags = header.get();
        if (length > MAX_PAYLOAD) {
            throw new ProtocolException("ttrpc frame of " + length + " bytes on stream " + Integer.toUnsignedString(stream)
                    + " exceeds the 4 MiB limit");
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        fill(ch, body, false);
        return new Frame(stream, type, flags, body.array());
    }

    private static boolean fill(ReadableByteChannel ch, ByteBuffer b, boolean eofAllowedAtStart) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                if (eofAllowedAtStart && b.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed in the middle of a ttrpc frame (" + b.position() + " of "
                        + b.capacity() + " bytes read)");
            }
        }
        return true;
    }
}
