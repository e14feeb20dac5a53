package io.isula.runtime.kata;

import io.isula.core.api.EngineException;
import io.isula.runtime.kata.loop.PollLoop;
import io.isula.runtime.kata.task.Proto;
import io.isula.runtime.kata.task.TaskApi;
import io.isula.runtime.kata.ttrpc.ProtocolException;
import io.isula.runtime.kata.ttrpc.TtrpcClient;
import io.isula.runtime.kata.ttrpc.TtrpcException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Task service of one shim. Every call but {@link #awaitAsync} has a deadline; a broken connection is opened again
 * once on the next call (a shim that restarted its listener, or one the daemon reconnects to after a restart).
 */
final class TaskClient implements AutoCloseable {
    private final ShimAddress address;
    private final String namespace;
    private final Duration deadline;
    private final PollLoop loop;
    private TtrpcClient client;

    TaskClient(ShimAddress address, String namespace, Duration deadline, PollLoop loop) {
        this.address = address;
        this.namespace = namespace;
        this.deadline = deadline;
        this.loop = loop;
    }

    ShimAddress address() {
        return address;
    }

    /** Opens the connection now; throws when nothing listens at the address. */
    TaskClient open() throws TtrpcException {
        connection();
        return this;
    }

    TaskApi.ConnectResponse connect(String id) throws TtrpcException {
        return TaskApi.ConnectResponse.decode(call("Connect", TaskApi.ProcessRequest.of(id).encode(), deadline));
    }

    int create(TaskApi.CreateTaskRequest request) throws TtrpcException {
        return TaskApi.PidResponse.decode(call("Create", request.encode(), deadline)).pid();
    }

    int start(String id, String execId) throws TtrpcException {
        return TaskApi.PidResponse.decode(call("Start", new TaskApi.ProcessRequest(id, execId).encode(), deadline)).pid();
    }

    /**
     * The process's exit: Wait has no deadline (the shim answers at the exit) and no thread waits for it; the future
     * completes on the poll loop, so what follows it must run elsewhere ({@code whenCompleteAsync}). A broken
     * connection completes it with a {@link TtrpcException}.
     */
    CompletableFuture<TaskApi.WaitResponse> awaitAsync(String id, String execId) {
        TtrpcClient c;
        try {
            c = connection();
        } catch (TtrpcException e) {
            return CompletableFuture.failedFuture(e);
        }
        return c.callAsync(TaskApi.SERVICE, "Wait", new TaskApi.ProcessRequest(id, execId).encode())
                .thenApply(TaskApi.WaitResponse::decode);
    }

    void kill(String id, String execId, int signal, boolean all) throws TtrpcException {
        call("Kill", new TaskApi.KillRequest(id, execId, signal, all).encode(), deadline);
    }

    TaskApi.DeleteResponse delete(String id, String execId) throws TtrpcException {
        return TaskApi.DeleteResponse.decode(call("Delete", new TaskApi.ProcessRequest(id, execId).encode(), deadline));
    }

    TaskApi.StateResponse state(String id, String execId) throws TtrpcException {
        return TaskApi.StateResponse.decode(call("State", new TaskApi.ProcessRequest(id, execId).encode(), deadline));
    }

    List<Integer> pids(String id) throws TtrpcException {
        return TaskApi.PidsResponse.decode(call("Pids", TaskApi.ProcessRequest.of(id).encode(), deadline)).pids();
    }

    void exec(TaskApi.ExecProcessRequest request) throws TtrpcException {
        call("Exec", request.encode(), deadline);
    }

    void pause(String id) throws TtrpcException {
        call("Pause", TaskApi.ProcessRequest.of(id).encode(), deadline);
    }

    void resume(String id) throws TtrpcException {
        call("Resume", TaskApi.ProcessRequest.of(id).encode(), deadline);
    }

    Proto.Any stats(String id) throws TtrpcException {
        return TaskApi.StatsResponse.decode(call("Stats", TaskApi.ProcessRequest.of(id).encode(), deadline)).stats();
    }

    void resize(String id, String execId, int width, int height) throws TtrpcException {
        call("ResizePty", new TaskApi.ResizePtyRequest(id, execId, width, height).encode(), deadline);
    }

    void closeStdin(String id, String execId) throws TtrpcException {
        call("CloseIO", new TaskApi.CloseIoRequest(id, execId, true).encode(), deadline);
    }

    void update(String id, Proto.Any resources) throws TtrpcException {
        call("Update", new TaskApi.UpdateTaskRequest(id, resources, Map.of()).encode(), deadline);
    }

    void shutdown(String id) throws TtrpcException {
        call("Shutdown", new TaskApi.ShutdownRequest(id, false).encode(), deadline);
    }

    private byte[] call(String method, byte[] payload, Duration timeout) throws TtrpcException {
        TtrpcClient c = connection();
        try {
            return c.call(TaskApi.SERVICE, method, payload, timeout);
        } catch (ProtocolException e) {
            throw new TtrpcException(TtrpcException.CONNECTION, method + ": " + e.getMessage());
        }
    }

    private synchronized TtrpcClient connection() throws TtrpcException {
        if (client == null || !client.isOpen()) {
            if (client != null) {
                client.close();
            }
            client = TtrpcClient.connect(address.socket(), Map.of("containerd-namespace-ttrpc", namespace), loop);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** A failed call as the engine reports it: the shim's gRPC code becomes the error's kind. */
    static EngineException failure(String what, TtrpcException e) {
        String message = what + ": " + e.getMessage();
        return switch (e.code()) {
            case TtrpcException.NOT_FOUND -> EngineException.notFound(message);
            case TtrpcException.ALREADY_EXISTS, TtrpcException.FAILED_PRECONDITION -> EngineException.conflict(message);
            case TtrpcException.INVALID_ARGUMENT -> EngineException.invalid(message);
            case TtrpcException.CONNECTION -> EngineException.unavailable(message);
            default -> EngineException.internal(message, e);
        };
    }
}
