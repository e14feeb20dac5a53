package io.isula.runtime.kata.task;

import io.isula.runtime.kata.ttrpc.ProtoReader;
import io.isula.runtime.kata.ttrpc.ProtoWriter;

import java.time.Instant;

/** The well-known protobuf types the Task API carries: Any and Timestamp. */
public final class Proto {
    private Proto() {
    }

    /** google.protobuf.Any: type_url 1, value 2. */
    public record Any(String typeUrl, byte[] value) {
        public byte[] encode() {
            return new ProtoWriter().string(1, typeUrl).bytes(2, value).toByteArray();
        }

        public static Any decode(byte[] b) {
            String url = "";
            byte[] value = new byte[0];
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> url = r.string();
                    case 2 -> value = r.bytes();
                    default -> { }
                }
            }
            return new Any(url, value);
        }
    }

    /** google.protobuf.Timestamp: seconds 1, nanos 2; null stays absent. */
    public static byte[] timestamp(Instant t) {
        return t == null ? null : new ProtoWriter().varint(1, t.getEpochSecond()).varint(2, t.getNano()).toByteArray();
    }

    public static Instant timestamp(byte[] b) {
        long seconds = 0;
        int nanos = 0;
        ProtoReader r = new ProtoReader(b);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> seconds = r.varint();
                case 2 -> nanos = r.int32();
                default -> { }
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Unsigned 32-bit values (pids, exit statuses) as Java ints. */
    static int uint32(ProtoReader r) {
        return (int) r.varint();
    }

    static long unsigned(int v) {
        return Integer.toUnsignedLong(v);
    }
}
