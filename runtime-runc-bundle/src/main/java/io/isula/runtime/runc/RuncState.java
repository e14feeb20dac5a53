package io.isula.runtime.runc;

import io.isula.core.util.conmon.ContainerExit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerStatus;
import io.isula.core.spi.RuntimeStatus;

import java.util.Optional;

/** The part of {@code runc state ID} we use. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RuncState(String id, int pid, String status, String bundle) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RuncState parse(String json) {
        try {
            RuncState s = JSON.readValue(json, RuncState.class);
            if (s == null || s.status() == null) {
                throw new IllegalArgumentException("runc state has no status: " + json.strip());
            }
            return s;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable runc state: " + e.getOriginalMessage(), e);
        }
    }

    /** An exit recorded by conmon wins: runc may still say "running" while the dead init waits to be reaped. */
    RuntimeStatus toStatus(Optional<ContainerExit> exit) {
        if (exit.isPresent()) {
            return exited(exit.get());
        }
        return switch (status) {
            case "created", "creating" -> new RuntimeStatus(ContainerStatus.INITED, pid, -1, null);
            case "running" -> new RuntimeStatus(ContainerStatus.RUNNING, pid, -1, null);
            case "paused", "pausing" -> new RuntimeStatus(ContainerStatus.PAUSED, pid, -1, null);
            case "stopped" -> new RuntimeStatus(ContainerStatus.EXITED, 0, -1, null);
            default -> new RuntimeStatus(ContainerStatus.UNKNOWN, pid, -1, null);
        };
    }

    static RuntimeStatus exited(ContainerExit exit) {
        return new RuntimeStatus(ContainerStatus.EXITED, 0, exit.code(), exit.at());
    }
}
