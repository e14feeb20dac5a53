package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a container prune removed (Docker's {@code POST /containers/prune} answer).
 *
 * @param spaceReclaimed bytes of the containers' own writable layers; a rootfs the engine does not own counts none
 */
public record ContainersPruned(
        @JsonProperty("ContainersDeleted") List<String> containersDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
