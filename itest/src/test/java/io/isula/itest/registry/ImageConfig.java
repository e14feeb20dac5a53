package io.isula.itest.registry;

import java.util.List;
import java.util.Map;

/**
 * The runtime part of an OCI image config ({@code config} object) plus its platform. Null or empty fields are left
 * out of the JSON.
 */
public record ImageConfig(Platform platform, String user, List<String> env, List<String> entrypoint, List<String> cmd,
        String workingDir, Map<String, String> labels, String stopSignal) {
    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Only a platform and a PATH: what an image made by {@code import} would carry. */
    public static ImageConfig minimal(Platform platform) {
        return new ImageConfig(platform, null, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                null, null, null, Map.of(), null);
    }
}
