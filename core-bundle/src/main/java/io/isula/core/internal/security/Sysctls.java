package io.isula.core.internal.security;

import io.isula.core.api.EngineException;

import java.util.Map;
import java.util.Set;

/**
 * {@code --sysctl}: only kernel parameters that live in a namespace the container owns (IPC, and network unless it
 * shares the host's), as Docker's and iSulad's allow list; anything else would change the host.
 */
public final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {
    }

    public static void check(Map<String, String> sysctls, boolean hostNetwork) {
        if (sysctls == null) {
            return;
        }
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (key == null || !key.matches("[a-z0-9_]+(\\.[a-zA-Z0-9_*-]+)+") || value.indexOf('\n') >= 0) {
                throw EngineException.invalid("Invalid sysctl " + key + "=" + value);
            }
            boolean allowed = IPC.contains(key) || key.startsWith("fs.mqueue.")
                    || key.startsWith("net.") && !hostNetwork;
            if (!allowed) {
                throw EngineException.invalid("Sysctl " + key + "=" + value + " is not whitelist: only namespaced"
                        + " kernel parameters (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*) can be set");
            }
        }
    }
}
