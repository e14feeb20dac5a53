package io.isula.runtime.kata.ttrpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** ttrpc's request and response envelopes (ttrpc 1.1 {@code types.go}), and gRPC's status. */
public final class Envelopes {
    private Envelopes() {
    }

    /** service 1, method 2, payload 3, timeout_nano 4, metadata 5 ({key 1, value 2}). */
    public record Request(String service, String method, byte[] payload, long timeoutNanos, Map<String, String> metadata) {
        public Request {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        public byte[] encode() {
            ProtoWriter w = new ProtoWriter().string(1, service).string(2, method).bytes(3, payload)
                    .varint(4, timeoutNanos);
            metadata.forEach((k, v) -> w.message(5, new ProtoWriter().string(1, k).string(2, v).toByteArray()));
            return w.toByteArray();
        }

        public static Request decode(byte[] b) {
            String service = "";
            String method = "";
            byte[] payload = new byte[0];
            long timeout = 0;
            Map<String, String> md = new LinkedHashMap<>();
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> service = r.string();
                    case 2 -> method = r.string();
                    case 3 -> payload = r.bytes();
                    case 4 -> timeout = r.varint();
                    case 5 -> {
                        ProtoReader kv = new ProtoReader(r.bytes());
                        String k = "";
                        String v = "";
                        while (kv.next()) {
                            if (kv.field() == 1) k = kv.string();
                            else if (kv.field() == 2) v = kv.string();
                        }
                        md.put(k, v);
                    }
                    default -> { }
                }
            }
            return new Request(service, method, payload, timeout, md);
        }
    }

    /** status 1 (absent: OK), payload 2. */
    public record Response(Status status, byte[] payload) {
        public byte[] encode() {
            ProtoWriter w = new ProtoWriter();
            if (status != null && status.code() != 0) {
                w.message(1, status.encode());
            }
            return w.bytes(2, payload).toByteArray();
        }

        public static Response decode(byte[] b) {
            Status status = null;
            byte[] payload = new byte[0];
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> status = Status.decode(r.bytes());
                    case 2 -> payload = r.bytes();
                    default -> { }
                }
            }
            return new Response(status, payload);
        }
    }

    /** google.rpc.Status: code 1, message 2 (details 3 are not read). */
    public record Status(int code, String message) {
        public byte[] encode() {
            return new ProtoWriter().varint(1, code).string(2, message).toByteArray();
        }

        public static Status decode(byte[] b) {
            int code = 0;
            String message = "";
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> code = r.int32();
                    case 2 -> message = r.string();
                    default -> { }
                }
            }
            return new Status(code, message);
        }
    }
}
