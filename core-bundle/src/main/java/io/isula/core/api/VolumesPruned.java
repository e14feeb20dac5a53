package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a volume prune removed (Docker's {@code POST /volumes/prune} answer).
 *
 * @param spaceReclaimed bytes of the files the removed volumes held
 */
public record VolumesPruned(
        @JsonProperty("VolumesDeleted") List<String> volumesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
