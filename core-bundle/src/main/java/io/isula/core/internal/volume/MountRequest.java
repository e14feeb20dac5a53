package io.isula.core.internal.volume;

import java.util.List;

/**
 * One mount a user asked for, parsed and checked but not yet made.
 *
 * @param kind        bind, volume or tmpfs
 * @param source      the host path (bind), the volume name (volume; null: a new anonymous volume), null (tmpfs)
 * @param propagation bind propagation (rprivate when not given)
 * @param tmpfsOptions mount options of a tmpfs (size=, mode=, …)
 * @param mode        the options as the user wrote them, for inspect
 */
public record MountRequest(Kind kind, String source, String destination, boolean readOnly, String propagation,
                           boolean noCopy, List<String> tmpfsOptions, String mode) {
    public enum Kind {
        BIND("bind"), VOLUME("volume"), TMPFS("tmpfs");

        private final String type;

        Kind(String type) { this.type = type; }

        public String type() { return type; }
    }

    public static MountRequest anonymous(String destination) {
        return new MountRequest(Kind.VOLUME, null, destination, false, "rprivate", false, List.of(), "");
    }
}
