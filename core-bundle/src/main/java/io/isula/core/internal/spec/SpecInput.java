package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.HostConfig;
import io.isula.core.internal.volume.PlannedMount;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the spec is generated from, already merged (request over image) and checked.
 *
 * @param rootfsIsExternal an external rootfs is never written by the engine: default mounts whose target does not
 *                         exist in it are left out instead of letting the runtime create the target
 * @param host             the container's host settings (resources, read-only root, sysctls, ulimits, shm size…)
 * @param mounts           the user's mounts (binds, volumes, tmpfs), in the order given
 * @param devices          device nodes to create ({@code --device}, or the host's for a privileged container)
 * @param hooks            the OCI {@code hooks} object of {@code --hook-spec}, or null
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
        String cgroupParent,
        HostConfig host,
        ContainerSecurity security,
        List<PlannedMount> mounts,
        List<DeviceNode> devices,
        ObjectNode hooks) {

    /** A container with no host settings beyond the defaults. */
    public SpecInput(String id, Path rootfs, boolean rootfsIsExternal, List<String> args, List<String> env, String cwd,
                     UserSpec user, String hostname, boolean terminal, Path bundleDir, String cgroupParent) {
        this(id, rootfs, rootfsIsExternal, args, env, cwd, user, hostname, terminal, bundleDir, cgroupParent,
                HostConfig.empty(), ContainerSecurity.defaults(), List.of(), List.of(), null);
    }
}
