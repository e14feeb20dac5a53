package io.isula.core.internal.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the spec is generated from, already merged (request over image).
 *
 * @param rootfsIsExternal an external rootfs is never written by the engine: mounts whose target does not
 *                         exist in it are left out instead of letting the runtime create the target
 */
public record SpecInput(
        String id,
        Path rootfs,
        boolean rootfsIsExternal,
        List<String> args,
        List<String> env,
        String cwd,
        UserSpec user,
        String hostname,
        boolean terminal,
        Path bundleDir,
        String cgroupParent) {
}
