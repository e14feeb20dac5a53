package io.isula.runtime.lxc;

import java.util.List;

/**
 * What a container's OCI spec becomes for lxc: its config, the command line lxc-execute runs (lxc splits
 * {@code lxc.execute.cmd} on blanks, so argv travels apart), and the seccomp policy text (null: none).
 */
record LxcSetup(LxcConfig config, List<String> argv, String seccomp) {
    LxcSetup {
        argv = List.copyOf(argv);
    }
}
