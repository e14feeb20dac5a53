package io.isula.core.spi;

import java.nio.file.Path;

/**
 * A container as a runtime sees it.
 *
 * @param id        the full container id
 * @param runtime   the runtime name the container was created with (one provider may serve several)
 * @param bundleDir {@code <graph>/engines/<runtime>/<id>}: holds the OCI {@code config.json}
 * @param stateDir  {@code <state>/<runtime>/<id>}: the runtime's own per-container files
 * @param logPath   where the container's stdout/stderr go, in the CRI log format
 *                  ({@code <RFC3339Nano> stdout|stderr F|P <text>} per line)
 */
public record ContainerHandle(String id, String runtime, Path bundleDir, Path stateDir, Path logPath) {
}
