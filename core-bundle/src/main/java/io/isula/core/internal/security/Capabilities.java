package io.isula.core.internal.security;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A container's capability set: Docker's default, tweaked by {@code --cap-add}/{@code --cap-drop} (either may name
 * {@code ALL}) or replaced by {@code --privileged}. "All" means every capability the daemon itself holds in its
 * bounding set: a runtime cannot grant more (here root lacks CAP_SYS_RESOURCE, for one).
 */
public final class Capabilities {
    /** Linux capabilities by number (capability.h). */
    static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** Docker's default set. */
    public static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    private static final String ALL = "ALL";

    private final List<String> grantable;

    /** {@code grantable}: what "all" means on this host. */
    public Capabilities(List<String> grantable) {
        this.grantable = List.copyOf(grantable);
    }

    /** The capabilities in the daemon's own bounding set ({@code CapBnd} of /proc/self/status). */
    public static Capabilities ofThisProcess() {
        return new Capabilities(fromMask(boundingMask(Path.of("/proc/self/status"))));
    }

    static long boundingMask(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring("CapBnd:".length()).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1L;
    }

    static List<String> fromMask(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < KNOWN.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(KNOWN.get(i));
            }
        }
        return out;
    }

    /** Checks the names of {@code --cap-add}/{@code --cap-drop} before anything is created. */
    public static void check(List<String> add, List<String> drop) {
        normalize(add, "add");
        normalize(drop, "drop");
    }

    /** The container's set (bounding = effective = permitted). */
    public List<String> compute(boolean privileged, List<String> add, List<String> drop) {
        if (privileged) {
            return grantable;
        }
        List<String> adds = normalize(add, "add");
        List<String> drops = normalize(drop, "drop");
        if (adds.isEmpty() && drops.isEmpty()) {
            return DEFAULT;
        }
        LinkedHashSet<String> caps = new LinkedHashSet<>();
        if (adds.contains(ALL)) {
            grantable.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
        } else {
            if (!drops.contains(ALL)) {
                DEFAULT.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
            }
            for (String c : adds) {
                if (!grantable.contains(c)) {
                    throw EngineException.invalid("Capability " + c + " can not be granted: the daemon does not hold it");
                }
                caps.add(c);
            }
        }
        return List.copyOf(caps);
    }

    /** Upper case with the CAP_ prefix; ALL stays ALL; an unknown name is an error. */
    private static List<String> normalize(List<String> names, String what) {
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String c = n == null ? "" : n.trim().toUpperCase(Locale.ROOT);
            if (c.equals(ALL)) {
                out.add(ALL);
                continue;
            }
            if (!c.startsWith("CAP_")) {
                c = "CAP_" + c;
            }
            if (!KNOWN.contains(c)) {
                throw EngineException.invalid("Unknown capability to " + what + ": '" + n + "'");
            }
            out.add(c);
        }
        return out;
    }
}
