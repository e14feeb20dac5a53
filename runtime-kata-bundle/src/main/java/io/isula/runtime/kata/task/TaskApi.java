package io.isula.runtime.kata.task;

import io.isula.runtime.kata.ttrpc.ProtoReader;
import io.isula.runtime.kata.ttrpc.ProtoWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.isula.runtime.kata.task.Proto.unsigned;
import static io.isula.runtime.kata.task.Proto.uint32;

/** The messages of service {@code containerd.task.v2.Task} (containerd 1.6) this engine sends and reads. */
public final class TaskApi {
    public static final String SERVICE = "containerd.task.v2.Task";

    private TaskApi() {
    }

    /** Task status values of {@code containerd.v1.types.Status}. */
    public enum Status {
        UNKNOWN, CREATED, RUNNING, STOPPED, PAUSED, PAUSING;

        static Status of(int v) {
            return v >= 0 && v < values().length ? values()[v] : UNKNOWN;
        }
    }

    /** Mount: type 1, source 2, target 3, options 4. */
    public record Mount(String type, String source, String target, List<String> options) {
        public Mount {
            options = options == null ? List.of() : List.copyOf(options);
        }

        byte[] encode() {
            ProtoWriter w = new ProtoWriter().string(1, type).string(2, source).string(3, target);
            options.forEach(o -> w.string(4, o));
            return w.toByteArray();
        }

        static Mount decode(byte[] b) {
            String type = "", source = "", target = "";
            List<String> options = new ArrayList<>();
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> type = r.string();
                    case 2 -> source = r.string();
                    case 3 -> target = r.string();
                    case 4 -> options.add(r.string());
                    default -> { }
                }
            }
            return new Mount(type, source, target, options);
        }
    }

    /** CreateTaskRequest: id 1, bundle 2, rootfs 3, terminal 4, stdin 5, stdout 6, stderr 7, checkpoint 8, parent_checkpoint 9, options 10. */
    public record CreateTaskRequest(String id, String bundle, List<Mount> rootfs, boolean terminal, String stdin,
                                    String stdout, String stderr, String checkpoint, String parentCheckpoint,
                                    Proto.Any options) {
        public CreateTaskRequest {
            rootfs = rootfs == null ? List.of() : List.copyOf(rootfs);
        }

        public byte[] encode() {
            ProtoWriter w = new ProtoWriter().string(1, id).string(2, bundle);
            rootfs.forEach(m -> w.message(3, m.encode()));
            w.bool(4, terminal).string(5, stdin).string(6, stdout).string(7, stderr).string(8, checkpoint)
                    .string(9, parentCheckpoint);
            if (options != null) {
                w.message(10, options.encode());
            }
            return w.toByteArray();
        }

        public static CreateTaskRequest decode(byte[] b) {
            String id = "", bundle = "", stdin = "", stdout = "", stderr = "", cp = "", pcp = "";
            boolean terminal = false;
            List<Mount> rootfs = new ArrayList<>();
            Proto.Any options = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> bundle = r.string();
                    case 3 -> rootfs.add(Mount.decode(r.bytes()));
                    case 4 -> terminal = r.bool();
                    case 5 -> stdin = r.string();
                    case 6 -> stdout = r.string();
                    case 7 -> stderr = r.string();
                    case 8 -> cp = r.string();
                    case 9 -> pcp = r.string();
                    case 10 -> options = Proto.Any.decode(r.bytes());
                    default -> { }
                }
            }
            return new CreateTaskRequest(id, bundle, rootfs, terminal, stdin, stdout, stderr, cp, pcp, options);
        }
    }

    /** A response holding only a pid in field 1 (CreateTaskResponse, StartResponse). */
    public record PidResponse(int pid) {
        public byte[] encode() {
            return new ProtoWriter().varint(1, unsigned(pid)).toByteArray();
        }

        public static PidResponse decode(byte[] b) {
            int pid = 0;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                if (r.field() == 1) pid = uint32(r);
            }
            return new PidResponse(pid);
        }
    }

    /**
     * A request naming a process: id 1, exec_id 2 (Start, Wait, Delete, State). With an empty exec id it names the
     * container's own process; Pause, Resume, Pids, Stats and Connect send only the id.
     */
    public record ProcessRequest(String id, String execId) {
        public static ProcessRequest of(String id) {
            return new ProcessRequest(id, "");
        }

        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, execId).toByteArray();
        }

        public static ProcessRequest decode(byte[] b) {
            String id = "", exec = "";
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> exec = r.string();
                    default -> { }
                }
            }
            return new ProcessRequest(id, exec);
        }
    }

    /** WaitResponse: exit_status 1, exited_at 2. */
    public record WaitResponse(int exitStatus, Instant exitedAt) {
        public byte[] encode() {
            return new ProtoWriter().varint(1, unsigned(exitStatus)).message(2, Proto.timestamp(exitedAt)).toByteArray();
        }

        public static WaitResponse decode(byte[] b) {
            int status = 0;
            Instant at = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> status = uint32(r);
                    case 2 -> at = Proto.timestamp(r.bytes());
                    default -> { }
                }
            }
            return new WaitResponse(status, at);
        }
    }

    /** KillRequest: id 1, exec_id 2, signal 3, all 4. */
    public record KillRequest(String id, String execId, int signal, boolean all) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, execId).varint(3, unsigned(signal)).bool(4, all)
                    .toByteArray();
        }

        public static KillRequest decode(byte[] b) {
            String id = "", exec = "";
            int signal = 0;
            boolean all = false;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> exec = r.string();
                    case 3 -> signal = uint32(r);
                    case 4 -> all = r.bool();
                    default -> { }
                }
            }
            return new KillRequest(id, exec, signal, all);
        }
    }

    /** DeleteResponse: pid 1, exit_status 2, exited_at 3 (also what the shim's {@code delete} action prints). */
    public record DeleteResponse(int pid, int exitStatus, Instant exitedAt) {
        public byte[] encode() {
            return new ProtoWriter().varint(1, unsigned(pid)).varint(2, unsigned(exitStatus))
                    .message(3, Proto.timestamp(exitedAt)).toByteArray();
        }

        public static DeleteResponse decode(byte[] b) {
            int pid = 0, status = 0;
            Instant at = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> pid = uint32(r);
                    case 2 -> status = uint32(r);
                    case 3 -> at = Proto.timestamp(r.bytes());
                    default -> { }
                }
            }
            return new DeleteResponse(pid, status, at);
        }
    }

    /** StateResponse: id 1, bundle 2, pid 3, status 4, stdin 5, stdout 6, stderr 7, terminal 8, exit_status 9, exited_at 10, exec_id 11. */
    public record StateResponse(String id, String bundle, int pid, Status status, String stdin, String stdout,
                                String stderr, boolean terminal, int exitStatus, Instant exitedAt, String execId) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, bundle).varint(3, unsigned(pid)).varint(4, status.ordinal())
                    .string(5, stdin).string(6, stdout).string(7, stderr).bool(8, terminal)
                    .varint(9, unsigned(exitStatus)).message(10, Proto.timestamp(exitedAt)).string(11, execId)
                    .toByteArray();
        }

        public static StateResponse decode(byte[] b) {
            String id = "", bundle = "", stdin = "", stdout = "", stderr = "", exec = "";
            int pid = 0, exit = 0;
            Status status = Status.UNKNOWN;
            boolean terminal = false;
            Instant at = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> bundle = r.string();
                    case 3 -> pid = uint32(r);
                    case 4 -> status = Status.of(r.int32());
                    case 5 -> stdin = r.string();
                    case 6 -> stdout = r.string();
                    case 7 -> stderr = r.string();
                    case 8 -> terminal = r.bool();
                    case 9 -> exit = uint32(r);
                    case 10 -> at = Proto.timestamp(r.bytes());
                    case 11 -> exec = r.string();
                    default -> { }
                }
            }
            return new StateResponse(id, bundle, pid, status, stdin, stdout, stderr, terminal, exit, at, exec);
        }
    }

    /** PidsResponse: processes 1, each a ProcessInfo {pid 1, info 2 (Any, not read)}. */
    public record PidsResponse(List<Integer> pids) {
        public PidsResponse {
            pids = List.copyOf(pids);
        }

        public byte[] encode() {
            ProtoWriter w = new ProtoWriter();
            pids.forEach(p -> w.message(1, new ProtoWriter().varint(1, unsigned(p)).toByteArray()));
            return w.toByteArray();
        }

        public static PidsResponse decode(byte[] b) {
            List<Integer> pids = new ArrayList<>();
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                if (r.field() == 1) {
                    ProtoReader info = new ProtoReader(r.bytes());
                    int pid = 0;
                    while (info.next()) {
                        if (info.field() == 1) pid = uint32(info);
                    }
                    pids.add(pid);
                }
            }
            return new PidsResponse(pids);
        }
    }

    /** ExecProcessRequest: id 1, exec_id 2, terminal 3, stdin 4, stdout 5, stderr 6, spec 7 (Any of the OCI process JSON). */
    public record ExecProcessRequest(String id, String execId, boolean terminal, String stdin, String stdout,
                                     String stderr, Proto.Any spec) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, execId).bool(3, terminal).string(4, stdin)
                    .string(5, stdout).string(6, stderr).message(7, spec == null ? null : spec.encode()).toByteArray();
        }

        public static ExecProcessRequest decode(byte[] b) {
            String id = "", exec = "", stdin = "", stdout = "", stderr = "";
            boolean terminal = false;
            Proto.Any spec = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> exec = r.string();
                    case 3 -> terminal = r.bool();
                    case 4 -> stdin = r.string();
                    case 5 -> stdout = r.string();
                    case 6 -> stderr = r.string();
                    case 7 -> spec = Proto.Any.decode(r.bytes());
                    default -> { }
                }
            }
            return new ExecProcessRequest(id, exec, terminal, stdin, stdout, stderr, spec);
        }
    }

    /** StatsResponse: stats 1 (Any; cgroups metrics). */
    public record StatsResponse(Proto.Any stats) {
        public byte[] encode() {
            return new ProtoWriter().message(1, stats == null ? null : stats.encode()).toByteArray();
        }

        public static StatsResponse decode(byte[] b) {
            Proto.Any stats = null;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                if (r.field() == 1) stats = Proto.Any.decode(r.bytes());
            }
            return new StatsResponse(stats);
        }
    }

    /** ConnectResponse: shim_pid 1, task_pid 2, version 3. */
    public record ConnectResponse(int shimPid, int taskPid, String version) {
        public byte[] encode() {
            return new ProtoWriter().varint(1, unsigned(shimPid)).varint(2, unsigned(taskPid)).string(3, version)
                    .toByteArray();
        }

        public static ConnectResponse decode(byte[] b) {
            int shim = 0, task = 0;
            String version = "";
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> shim = uint32(r);
                    case 2 -> task = uint32(r);
                    case 3 -> version = r.string();
                    default -> { }
                }
            }
            return new ConnectResponse(shim, task, version);
        }
    }

    /** ShutdownRequest: id 1, now 2. */
    public record ShutdownRequest(String id, boolean now) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).bool(2, now).toByteArray();
        }

        public static ShutdownRequest decode(byte[] b) {
            String id = "";
            boolean now = false;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> now = r.bool();
                    default -> { }
                }
            }
            return new ShutdownRequest(id, now);
        }
    }

    /** ResizePtyRequest: id 1, exec_id 2, width 3, height 4. */
    public record ResizePtyRequest(String id, String execId, int width, int height) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, execId).varint(3, unsigned(width))
                    .varint(4, unsigned(height)).toByteArray();
        }

        public static ResizePtyRequest decode(byte[] b) {
            String id = "", exec = "";
            int width = 0, height = 0;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> exec = r.string();
                    case 3 -> width = uint32(r);
                    case 4 -> height = uint32(r);
                    default -> { }
                }
            }
            return new ResizePtyRequest(id, exec, width, height);
        }
    }

    /** CloseIORequest: id 1, exec_id 2, stdin 3. */
    public record CloseIoRequest(String id, String execId, boolean stdin) {
        public byte[] encode() {
            return new ProtoWriter().string(1, id).string(2, execId).bool(3, stdin).toByteArray();
        }

        public static CloseIoRequest decode(byte[] b) {
            String id = "", exec = "";
            boolean stdin = false;
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> exec = r.string();
                    case 3 -> stdin = r.bool();
                    default -> { }
                }
            }
            return new CloseIoRequest(id, exec, stdin);
        }
    }

    /** UpdateTaskRequest: id 1, resources 2 (Any of the OCI LinuxResources JSON), annotations 3 (map). */
    public record UpdateTaskRequest(String id, Proto.Any resources, Map<String, String> annotations) {
        public UpdateTaskRequest {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        public byte[] encode() {
            ProtoWriter w = new ProtoWriter().string(1, id).message(2, resources == null ? null : resources.encode());
            annotations.forEach((k, v) -> w.message(3, new ProtoWriter().string(1, k).string(2, v).toByteArray()));
            return w.toByteArray();
        }

        public static UpdateTaskRequest decode(byte[] b) {
            String id = "";
            Proto.Any resources = null;
            Map<String, String> annotations = new LinkedHashMap<>();
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> resources = Proto.Any.decode(r.bytes());
                    case 3 -> {
                        ProtoReader kv = new ProtoReader(r.bytes());
                        String k = "", v = "";
                        while (kv.next()) {
                            if (kv.field() == 1) k = kv.string();
                            else if (kv.field() == 2) v = kv.string();
                        }
                        annotations.put(k, v);
                    }
                    default -> { }
                }
            }
            return new UpdateTaskRequest(id, resources, annotations);
        }
    }
}
