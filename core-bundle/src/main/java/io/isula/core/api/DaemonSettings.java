package io.isula.core.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon's configuration after flags and {@code daemon.json} (iSulad's keys) are merged.
 *
 * @param runtimes daemon.json {@code runtimes}: extra OCI runtimes by name
 * @param raw      every daemon.json key as read, for providers' own settings
 */
public record DaemonSettings(
        Path graph,
        Path state,
        List<String> hosts,
        String defaultRuntime,
        String logLevel,
        Map<String, OciRuntime> runtimes,
        Map<String, Object> raw) {

    /** A daemon.json {@code runtimes} entry: the binary and the arguments put before every call. */
    public record OciRuntime(String path, List<String> runtimeArgs) {
    }
}
