package io.isula.core.internal.spec;

import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code --ulimit NAME=SOFT[:HARD]}: the names setrlimit knows, soft at most hard. */
public final class Rlimits {
    static final Set<String> NAMES = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private Rlimits() {
    }

    public static void check(List<HostConfig.Ulimit> ulimits) {
        if (ulimits == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (HostConfig.Ulimit u : ulimits) {
            String name = u.name() == null ? "" : u.name().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw EngineException.invalid("Invalid ulimit type: " + u.name());
            }
            if (!seen.add(name)) {
                throw EngineException.invalid("Ulimit " + name + " is given twice");
            }
            if (u.soft() < -1 || u.hard() < -1) {
                throw EngineException.invalid("Invalid ulimit " + name + ": limits must be -1 (unlimited) or positive");
            }
            if (u.hard() != -1 && (u.soft() == -1 || u.soft() > u.hard())) {
                throw EngineException.invalid("Ulimit soft limit must be less than or equal to hard limit: "
                        + u.soft() + " > " + u.hard());
            }
        }
    }

    /** The OCI {@code type} of a ulimit name. */
    static String type(String name) {
        return "RLIMIT_" + name.toUpperCase(Locale.ROOT);
    }
}
