package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What an image prune removed (Docker's {@code POST /images/prune} answer).
 *
 * @param spaceReclaimed bytes of the layers the image stores no longer hold
 */
public record ImagesPruned(
        @JsonProperty("ImagesDeleted") List<ImageDeleted> imagesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
