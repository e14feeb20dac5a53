package io.isula.runtime.kata.ttrpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format: varints and length-delimited fields. Default values (0, "", empty) are skipped. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, 0);
            raw(value);
        }
        return this;
    }

    public ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    public ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        if (value != null && value.length > 0) {
            message(field, value);
        }
        return this;
    }

    /** An embedded message: written even when empty (its presence may matter). */
    public ProtoWriter message(int field, byte[] encoded) {
        if (encoded != null) {
            tag(field, 2);
            raw(encoded.length);
            out.writeBytes(encoded);
        }
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
