package io.isula.runtime.kata.ttrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf wire format field by field. Unknown fields are skipped; bad input (a truncated varint or field, a
 * length past the end, an unsupported wire type) throws {@link ProtocolException} naming what is wrong.
 */
public final class ProtoReader {
    private final byte[] buf;
    private int pos;
    private int field;
    private int wireType;
    private long varint;
    private int start;
    private int length;

    public ProtoReader(byte[] buf) {
        this.buf = buf == null ? new byte[0] : buf;
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() {
        if (pos >= buf.length) {
            return false;
        }
        long key = readVarint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field <= 0) {
            throw new ProtocolException("protobuf field number " + field + " at byte " + pos);
        }
        switch (wireType) {
            case 0 -> varint = readVarint();
            case 1 -> skip(8);
            case 2 -> {
                long len = readVarint();
                if (len < 0 || len > buf.length - pos) {
                    throw new ProtocolException("protobuf field " + field + " claims " + len + " bytes, "
                            + (buf.length - pos) + " left");
                }
                start = pos;
                length = (int) len;
                pos += length;
            }
            case 5 -> skip(4);
            default -> throw new ProtocolException("protobuf wire type " + wireType + " of field " + field
                    + " is not supported");
        }
        return true;
    }

    public int field() {
        return field;
    }

    public long varint() {
        expect(0);
        return varint;
    }

    public int int32() {
        return (int) varint();
    }

    public boolean bool() {
        return varint() != 0;
    }

    public byte[] bytes() {
        expect(2);
        return Arrays.copyOfRange(buf, start, start + length);
    }

    public String string() {
        expect(2);
        return new String(buf, start, length, StandardCharsets.UTF_8);
    }

    private void expect(int type) {
        if (wireType != type) {
            throw new ProtocolException("protobuf field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private void skip(int n) {
        if (n > buf.length - pos) {
            throw new ProtocolException("protobuf field " + field + " is truncated");
        }
        pos += n;
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= buf.length) {
                throw new ProtocolException("protobuf varint is truncated at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ProtocolException("protobuf varint longer than 10 bytes at byte " + pos);
    }
}
