package io.isula.image.oci.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The key under which a registry's credentials are kept: its {@code host[:port]} without scheme or path, lower case,
 * with Docker Hub's aliases folded into {@code docker.io}.
 */
public final class ServerAddress {
    public static final String DOCKER_HUB = "docker.io";
    private static final Set<String> HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");

    private ServerAddress() {
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://Host:5000/v2/} → {@code host:5000}. */
    public static String normalize(String server) {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("invalid server address: empty");
        }
        String s = server.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            s = s.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            s = s.substring("http://".length());
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !s.matches("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("invalid server address: " + server);
        }
        return HUB_ALIASES.contains(s) ? DOCKER_HUB : s;
    }
}
