package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.internal.security.Capabilities;

import java.util.List;

/**
 * The security side of a container's spec, decided before the spec is written.
 *
 * @param seccomp    the OCI {@code linux.seccomp} object, or null for none (unconfined, privileged)
 * @param maskPaths  whether /proc and /sys paths are masked or read-only (not for privileged or systempaths=unconfined)
 */
public record ContainerSecurity(List<String> capabilities, ObjectNode seccomp, boolean noNewPrivileges,
                                boolean maskPaths, boolean privileged) {

    /** Docker's default capabilities, no seccomp filter. */
    public static ContainerSecurity defaults() {
        return new ContainerSecurity(Capabilities.DEFAULT, null, false, true, false);
    }
}
