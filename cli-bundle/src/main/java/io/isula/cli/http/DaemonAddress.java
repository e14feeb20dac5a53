package io.isula.cli.http;

import java.nio.file.Path;

/** Where the daemon listens (an unusable value is an {@link IllegalArgumentException}): {@code unix:///path} or a plain path; the default is iSulad's. */
public record DaemonAddress(String display, Path socket) {
    public static final String DEFAULT = "unix:///var/run/isulad.sock";

    public static DaemonAddress parse(String host) {
        String h = host == null || host.isBlank() ? DEFAULT : host.trim();
        if (h.startsWith("unix://")) {
            String path = h.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid host: " + h);
            }
            return new DaemonAddress(h, Path.of(path));
        }
        if (h.contains("://")) {
            throw new IllegalArgumentException("unsupported host " + h + ": only unix:// sockets are supported");
        }
        return new DaemonAddress("unix://" + h, Path.of(h));
    }

    /** {@code -H} if given, else {@code ISULAD_HOST}, else the default socket. */
    public static DaemonAddress resolve(String flag, String env) {
        return parse(flag != null ? flag : env);
    }
}
