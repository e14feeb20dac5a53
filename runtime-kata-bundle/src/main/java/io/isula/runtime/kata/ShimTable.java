package io.isula.runtime.kata;

import io.isula.core.api.DaemonSettings;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shim v2 runtimes: every name {@code io.containerd.<name>.<version>} maps to the binary
 * {@code containerd-shim-<name>-<version>} (on PATH, or the path of the daemon.json {@code runtimes} entry of that
 * name), and the short name {@code kata} to {@code io.containerd.kata.v2}.
 */
final class ShimTable {
    static final String KATA = "kata";
    static final String KATA_TYPE = "io.containerd.kata.v2";
    private static final Pattern TYPE = Pattern.compile("io\\.containerd\\.([a-z0-9_]+)\\.(v[0-9]+)");
    private static final Pattern BINARY = Pattern.compile("containerd-shim-([a-z0-9_]+)-(v[0-9]+)");

    private final Map<String, String> configured;
    private final String searchPath;

    ShimTable(DaemonSettings settings, String searchPath) {
        Map<String, String> paths = new LinkedHashMap<>();
        if (settings != null && settings.runtimes() != null) {
            // only io.containerd.* entries: any other name (kata-runtime, even kata) is an OCI runtime for runc's provider
            settings.runtimes().forEach((name, rt) -> {
                if (name != null && TYPE.matcher(name).matches() && rt != null && rt.path() != null && !rt.path().isBlank()) {
                    paths.put(name, rt.path());
                }
            });
        }
        this.configured = Map.copyOf(paths);
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    static boolean serves(String runtimeName) {
        return KATA.equals(runtimeName) || (runtimeName != null && TYPE.matcher(runtimeName).matches());
    }

    /** {@code kata} → {@code io.containerd.kata.v2}; a type stays as it is. */
    static String type(String runtimeName) {
        return KATA.equals(runtimeName) ? KATA_TYPE : runtimeName;
    }

    static String binaryName(String type) {
        Matcher m = TYPE.matcher(type);
        if (!m.matches()) {
            throw new IllegalArgumentException("runtime " + type + " is not of the form io.containerd.<name>.<version>");
        }
        return "containerd-shim-" + m.group(1) + "-" + m.group(2);
    }

    /** The shim binary for {@code runtimeName}, or null when it is not installed. */
    String binary(String runtimeName) {
        String type = type(runtimeName);
        String path = configured.get(type);
        if (path != null) {
            return path.contains("/") ? (Files.isExecutable(Path.of(path)) ? path : null) : onPath(path);
        }
        return onPath(binaryName(type));
    }

    private String onPath(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** Every shim runtime found (configured or on PATH), by name, with its binary; {@code kata} too when found. */
    Map<String, String> found() {
        Map<String, String> all = new TreeMap<>();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty() || !Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir), "containerd-shim-*-v*")) {
                for (Path p : ds) {
                    Matcher m = BINARY.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isExecutable(p)) {
                        all.putIfAbsent("io.containerd." + m.group(1) + "." + m.group(2), p.toString());
                    }
                }
            } catch (IOException ignored) {
                // an unreadable PATH entry holds nothing for us
            }
        }
        configured.keySet().forEach(type -> {
            String b = binary(type);
            if (b != null) {
                all.put(type, b);
            }
        });
        if (all.containsKey(KATA_TYPE)) {
            all.put(KATA, all.get(KATA_TYPE));
        }
        return all;
    }
}
