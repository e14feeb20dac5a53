package io.isula.runtime.kata.task;

import io.isula.runtime.kata.ttrpc.ProtoReader;
import io.isula.runtime.kata.ttrpc.ProtoWriter;

import java.time.Instant;

import static io.isula.runtime.kata.task.Proto.uint32;
import static io.isula.runtime.kata.task.Proto.unsigned;

/** What shims publish to the engine: service {@code containerd.services.events.ttrpc.v1.Events}, method Forward. */
public final class Events {
    public static final String SERVICE = "containerd.services.events.ttrpc.v1.Events";
    public static final String FORWARD = "Forward";
    public static final String TOPIC_EXIT = "/tasks/exit";
    public static final String TOPIC_OOM = "/tasks/oom";

    private Events() {
    }

    /** ForwardRequest {envelope 1}; Envelope: timestamp 1, namespace 2, topic 3, event 4 (Any). */
    public record Envelope(Instant timestamp, String namespace, String topic, Proto.Any event) {
        public byte[] encodeForward() {
            byte[] envelope = new ProtoWriter().message(1, Proto.timestamp(timestamp)).string(2, namespace)
                    .string(3, topic).message(4, event == null ? null : event.encode()).toByteArray();
            return new ProtoWriter().message(1, envelope).toByteArray();
        }

        public static Envelope decodeForward(byte[] b) {
            ProtoReader forward = new ProtoReader(b);
            byte[] envelope = new byte[0];
            while (forward.next()) {
                if (forward.field() == 1) envelope = forward.bytes();
            }
            Instant ts = null;
            String ns = "", topic = "";
            Proto.Any event = null;
            ProtoReader r = new ProtoReader(envelope);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> ts = Proto.timestamp(r.bytes());
                    case 2 -> ns = r.string();
                    case 3 -> topic = r.string();
                    case 4 -> event = Proto.Any.decode(r.bytes());
                    default -> { }
                }
            }
            return new Envelope(ts, ns, topic, event);
        }
    }

    /** containerd.events.TaskExit: container_id 1, id 2, pid 3, exit_status 4, exited_at 5. */
    public record TaskExit(String containerId, String id, int pid, int exitStatus, Instant exitedAt) {
        public byte[] encode() {
            return new ProtoWriter().string(1, containerId).string(2, id).varint(3, unsigned(pid))
                    .varint(4, unsigned(exitStatus)).message(5, Proto.timestamp(exitedAt)).toByteArray();
        }

        public static TaskExit decode(byte[] b) {
            String container = "", id = "";
            int pid = 0, status = 0;
            Instant at = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> container = r.string();
                    case 2 -> id = r.string();
                    case 3 -> pid = uint32(r);
                    case 4 -> status = uint32(r);
                    case 5 -> at = Proto.timestamp(r.bytes());
                    default -> { }
                }
            }
            return new TaskExit(container, id, pid, status, at);
        }
    }

    /** containerd.events.TaskOOM: container_id 1. */
    public record TaskOom(String containerId) {
        public byte[] encode() {
            return new ProtoWriter().string(1, containerId).toByteArray();
        }

        public static TaskOom decode(byte[] b) {
            String container = "";
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                if (r.field() == 1) container = r.string();
            }
            return new TaskOom(container);
        }
    }
}
