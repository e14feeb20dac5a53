package io.isula.core.internal.spec;

/**
 * A device node to create in the container (OCI {@code linux.devices}) and allow in its device cgroup.
 *
 * @param type "c" or "b"
 */
public record DeviceNode(String path, String type, long major, long minor, int fileMode, int uid, int gid,
                         String permissions) {
}
