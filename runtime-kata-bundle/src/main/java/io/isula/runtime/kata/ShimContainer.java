package io.isula.runtime.kata;

import io.isula.core.spi.ContainerHandle;

import java.util.concurrent.atomic.AtomicBoolean;

/** What the engine holds of one container on a shim: its connection, its stdio and the shim's log. */
final class ShimContainer {
    final ContainerHandle handle;
    final String binary;
    final TaskClient task;
    final ProcessIo io;
    final ContainerOutput output;
    final ShimLog shimLog;
    /** Set once the container's exit was reported (by Wait, or by the cleanup of a dead shim). */
    final AtomicBoolean exitReported = new AtomicBoolean();
    volatile int pid;

    ShimContainer(ContainerHandle handle, String binary, TaskClient task, ProcessIo io, ContainerOutput output,
                  ShimLog shimLog) {
        this.handle = handle;
        this.binary = binary;
        this.task = task;
        this.io = io;
        this.output = output;
        this.shimLog = shimLog;
    }

    String id() {
        return handle.id();
    }

    /** Stops reading and disconnects; the shim and the container keep running. */
    void detach() {
        io.close();
        output.close();
        if (shimLog != null) {
            shimLog.close();
        }
        task.close();
    }
}
