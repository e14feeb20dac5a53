package io.isula.runtime.kata.task;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every Task API and events message the engine uses survives encode then decode. */
class TaskApiTest {
    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    @Test
    void createRequest() {
        TaskApi.CreateTaskRequest r = new TaskApi.CreateTaskRequest("c1", "/b", List.of(new TaskApi.Mount("overlay",
                "overlay", "", List.of("lowerdir=/l", "upperdir=/u"))), true, "/in", "/out", "/err", "", "",
                new Proto.Any("containerd.runc.v1.Options", new byte[] {0x3a, 1, 'x'}));
        TaskApi.CreateTaskRequest back = TaskApi.CreateTaskRequest.decode(r.encode());
        assertEquals(r.id(), back.id());
        assertEquals(r.bundle(), back.bundle());
        assertEquals(r.rootfs(), back.rootfs());
        assertEquals(r.terminal(), back.terminal());
        assertEquals(List.of(r.stdin(), r.stdout(), r.stderr()), List.of(back.stdin(), back.stdout(), back.stderr()));
        assertEquals(r.options().typeUrl(), back.options().typeUrl());
        assertArrayEquals(r.options().value(), back.options().value());
        assertArrayEquals(r.encode(), back.encode());
    }

    @Test
    void simpleMessages() {
        assertEquals(new TaskApi.PidResponse(4242), TaskApi.PidResponse.decode(new TaskApi.PidResponse(4242).encode()));
        assertEquals(new TaskApi.ProcessRequest("c", "e"), TaskApi.ProcessRequest.decode(new TaskApi.ProcessRequest("c", "e").encode()));
        assertEquals(new TaskApi.WaitResponse(137, AT), TaskApi.WaitResponse.decode(new TaskApi.WaitResponse(137, AT).encode()));
        assertEquals(new TaskApi.KillRequest("c", "", 15, true), TaskApi.KillRequest.decode(new TaskApi.KillRequest("c", "", 15, true).encode()));
        assertEquals(new TaskApi.DeleteResponse(7, 3, AT), TaskApi.DeleteResponse.decode(new TaskApi.DeleteResponse(7, 3, AT).encode()));
        TaskApi.StateResponse st = new TaskApi.StateResponse("c", "/b", 9, TaskApi.Status.PAUSED, "/i", "/o", "/e", true, 0, null, "x");
        assertEquals(st, TaskApi.StateResponse.decode(st.encode()));
        TaskApi.StateResponse stopped = new TaskApi.StateResponse("c", "/b", 9, TaskApi.Status.STOPPED, "", "/o", "/e", false, 2, AT, "");
        assertEquals(stopped, TaskApi.StateResponse.decode(stopped.encode()));
        assertEquals(new TaskApi.PidsResponse(List.of(1, 20, 300)), TaskApi.PidsResponse.decode(new TaskApi.PidsResponse(List.of(1, 20, 300)).encode()));
        assertEquals(new TaskApi.ConnectResponse(10, 11, "2"), TaskApi.ConnectResponse.decode(new TaskApi.ConnectResponse(10, 11, "2").encode()));
        assertEquals(new TaskApi.ShutdownRequest("c", true), TaskApi.ShutdownRequest.decode(new TaskApi.ShutdownRequest("c", true).encode()));
        assertEquals(new TaskApi.ResizePtyRequest("c", "e", 80, 24), TaskApi.ResizePtyRequest.decode(new TaskApi.ResizePtyRequest("c", "e", 80, 24).encode()));
        assertEquals(new TaskApi.CloseIoRequest("c", "e", true), TaskApi.CloseIoRequest.decode(new TaskApi.CloseIoRequest("c", "e", true).encode()));
    }

    @Test
    void messagesCarryingAny() {
        TaskApi.ExecProcessRequest e = new TaskApi.ExecProcessRequest("c", "x", false, "", "/o", "/e",
                new Proto.Any("types.containerd.io/opencontainers/runtime-spec/1/Process", "{\"args\":[\"ls\"]}".getBytes()));
        TaskApi.ExecProcessRequest eb = TaskApi.ExecProcessRequest.decode(e.encode());
        assertArrayEquals(e.encode(), eb.encode());
        assertEquals(e.spec().typeUrl(), eb.spec().typeUrl());
        TaskApi.UpdateTaskRequest u = new TaskApi.UpdateTaskRequest("c", new Proto.Any("t", "{}".getBytes()), Map.of("a", "b"));
        TaskApi.UpdateTaskRequest ub = TaskApi.UpdateTaskRequest.decode(u.encode());
        assertEquals(u.annotations(), ub.annotations());
        assertArrayEquals(u.resources().value(), ub.resources().value());
        TaskApi.StatsResponse s = new TaskApi.StatsResponse(new Proto.Any(CgroupMetrics.TYPE_V1, new byte[] {1}));
        assertArrayEquals(s.encode(), TaskApi.StatsResponse.decode(s.encode()).encode());
    }

    @Test
    void cgroupMetrics() {
        CgroupMetrics m = new CgroupMetrics(1000, 300, 700, 4096, 8192, 1 << 20, 512, 128, 64, 10, 20, 3, 100);
        assertEquals(m, CgroupMetrics.decode(m.encode()));
    }

    @Test
    void events() {
        Events.TaskExit exit = new Events.TaskExit("c", "c", 77, 137, AT);
        Events.Envelope env = new Events.Envelope(AT, "isula-x", Events.TOPIC_EXIT,
                new Proto.Any("containerd.events.TaskExit", exit.encode()));
        Events.Envelope back = Events.Envelope.decodeForward(env.encodeForward());
        assertEquals(AT, back.timestamp());
        assertEquals("isula-x", back.namespace());
        assertEquals(Events.TOPIC_EXIT, back.topic());
        assertEquals(exit, Events.TaskExit.decode(back.event().value()));
        assertEquals(new Events.TaskOom("c"), Events.TaskOom.decode(new Events.TaskOom("c").encode()));
    }
}
