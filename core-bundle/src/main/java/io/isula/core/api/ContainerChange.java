package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One path a container changed in its root file system (Docker's {@code GET /containers/{id}/changes} item).
 *
 * @param kind {@link #MODIFIED}, {@link #ADDED} or {@link #DELETED}
 */
public record ContainerChange(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;
}
