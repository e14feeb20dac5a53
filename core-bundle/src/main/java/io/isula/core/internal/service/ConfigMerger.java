package io.isula.core.internal.service;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges a create request over the image's configuration, as Docker and iSulad do. */
final class ConfigMerger {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The effective configuration stored with the container (what inspect shows). */
    ContainerConfig merge(ContainerConfig request, ImageConfig image, String hostname) {
        List<String> entrypoint;
        List<String> cmd;
        if (request.entrypoint() != null) {
            entrypoint = isReset(request.entrypoint()) ? List.of() : request.entrypoint();
            cmd = request.cmd() == null ? List.of() : request.cmd();
        } else {
            entrypoint = image.entrypoint() == null ? List.of() : image.entrypoint();
            cmd = request.cmd() != null && !request.cmd().isEmpty() ? request.cmd()
                    : image.cmd() == null ? List.of() : image.cmd();
        }
        String workdir = first(request.workingDir(), image.workingDir(), "/");
        if (!workdir.startsWith("/")) {
            throw EngineException.invalid("the working directory '" + workdir + "' is invalid, it needs to be an absolute path");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (image.labels() != null) {
            labels.putAll(image.labels());
        }
        if (request.labels() != null) {
            labels.putAll(request.labels());
        }
        return new ContainerConfig(hostname, first(request.user(), image.user(), ""),
                env(request, image, hostname), cmd, entrypoint, request.image(), workdir, labels, request.tty(),
                request.openStdin(), first(request.stopSignal(), image.stopSignal(), "SIGTERM"), null,
                request.healthcheck(), volumes(request, image));
    }

    /**
     * The destinations that get an anonymous volume: the image's {@code VOLUME}s, then the request's
     * {@code Config.Volumes} ({@code -v /path}); null when there are none.
     */
    private static Map<String, Object> volumes(ContainerConfig request, ImageConfig image) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (image.volumes() != null) {
            image.volumes().forEach(v -> out.put(v, Map.of()));
        }
        if (request.volumes() != null) {
            request.volumes().keySet().forEach(v -> out.put(v, Map.of()));
        }
        return out.isEmpty() ? null : out;
    }

    private static List<String> env(ContainerConfig request, ImageConfig image, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        if (image.env() != null) {
            image.env().forEach(e -> put(env, e));
        }
        env.put("HOSTNAME", hostname);
        if (request.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        if (request.env() != null) {
            for (String e : request.env()) {
                if (e == null || e.isEmpty() || e.startsWith("=")) {
                    throw EngineException.invalid("invalid environment variable: " + e);
                }
                put(env, e);
            }
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(v == null ? k : k + "=" + v));
        return out;
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            env.put(entry, null);
        } else {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
    }

    private static boolean isReset(List<String> entrypoint) {
        return entrypoint.isEmpty() || entrypoint.size() == 1 && entrypoint.get(0).isEmpty();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
