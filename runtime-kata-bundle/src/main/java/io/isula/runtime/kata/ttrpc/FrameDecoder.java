package io.isula.runtime.kata.ttrpc;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts ttrpc frames out of a byte stream that arrives in pieces of any size. A length over the 4 MiB limit is refused
 * from the header, before anything is allocated for it.
 */
final class FrameDecoder {
    private final ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
    private ByteBuffer body;
    private int stream;
    private byte type;
    private byte flags;

    /** Hands every frame completed by {@code data[offset, offset+length)} to {@code frames}. */
    void feed(byte[] data, int offset, int length, Consumer<Frame> frames) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (body == null) {
                int n = Math.min(header.remaining(), end - at);
                header.put(data, at, n);
                at += n;
                if (header.hasRemaining()) {
                    return;
                }
                header.flip();
                long size = Integer.toUnsignedLong(header.getInt());
                stream = header.getInt();
                type = header.get();
                flags = header.get();
                header.clear();
                if (size > Frame.MAX_PAYLOAD) {
                    throw new ProtocolException("ttrpc frame of " + size + " bytes on stream "
                            + Integer.toUnsignedString(stream) + " exceeds the 4 MiB limit");
                }
                body = ByteBuffer.allocate((int) size);
            }
            int n = Math.min(body.remaining(), end - at);
            body.put(data, at, n);
            at += n;
            if (!body.hasRemaining()) {
                byte[] payload = body.array();
                body = null;
                frames.accept(new Frame(stream, type, flags, payload));
            }
        }
    }

    /** The stream ended: fine between frames, an {@link EOFException} naming how far the frame got otherwise. */
    void end() throws EOFException {
        if (body != null) {
            throw new EOFException("connection closed in the middle of a ttrpc frame (" + (Frame.HEADER + body.position())
                    + " of " + (Frame.HEADER + body.capacity()) + " bytes read)");
        }
        if (header.position() > 0) {
            throw new EOFException("connection closed in the middle of a ttrpc frame (" + header.position() + " of "
                    + Frame.HEADER + " header bytes read)");
        }
    }
}
