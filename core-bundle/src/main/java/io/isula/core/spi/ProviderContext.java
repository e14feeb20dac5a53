package io.isula.core.spi;

import io.isula.core.api.DaemonSettings;

import java.time.Instant;

/** What the kernel gives a provider when it joins the engine (through either feeder: DS or ServiceLoader). */
public interface ProviderContext {
    DaemonSettings settings();

    /** A runtime reports that a container's init process exited (iSulad's exit FIFO). */
    void containerExited(String containerId, int exitCode, Instant exitedAt);

    /**
     * A runtime reports that the kernel's OOM killer killed a process of the container (its memory cgroup ran out).
     * Reported before the exit it may cause.
     */
    default void containerOom(String containerId) {
    }

    /**
     * A provider publishes an event of its own ({@code type} image, container, plugin…), for {@code isula events} and
     * Docker's {@code /events}.
     */
    default void event(String type, String action, String id, java.util.Map<String, String> attributes) {
    }
}
