package io.isula.runtime.lxc;

import java.util.List;

/**
 * What a container's OCI spec becomes for lxc: its config, the command line lxc-execute runs (lxc splits
 * {@code lxc.execute.cmd} on blanks, so argv travels apart), the seccomp policy text (null: none), and the mount
 * targets to create in a read-only root before the start, and the scripts of its OCI hooks.
 */
record LxcSetup(LxcConfig config, List<String> argv, String seccomp, List<Target> mountTargets,
               List<OciHooks.Script> hooks) {
    /** A mount target inside the container: a directory or a file. */
    record Target(String path, boolean directory) {
    }

    LxcSetup {
        argv = List.copyOf(argv);
        mountTargets = List.copyOf(mountTargets);
        hooks = List.copyOf(hooks);
    }
}
