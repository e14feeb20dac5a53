package io.isula.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds {@link DaemonSettings} from daemon.json (iSulad's keys) and the launcher's flags, flags winning.
 * The launcher passes flags as properties: {@code isula.config.file}, {@code isula.graph}, {@code isula.state},
 * {@code isula.hosts} (comma-separated), {@code isula.log.level}, {@code isula.default.runtime}.
 */
public final class SettingsLoader {
    public static final String DEFAULT_CONFIG = "/etc/isulad/daemon.json";
    private static final String DEFAULT_GRAPH = "/var/lib/isulad";
    private static final String DEFAULT_STATE = "/var/run/isulad";
    private static final String DEFAULT_HOST = "unix:///var/run/isulad.sock";

    private final ObjectMapper json = new ObjectMapper();

    public DaemonSettings load(Function<String, String> properties) {
        String explicitConfig = properties.apply("isula.config.file");
        Map<String, Object> raw = readConfig(explicitConfig == null ? Path.of(DEFAULT_CONFIG) : Path.of(explicitConfig),
                explicitConfig != null);
        String graph = first(properties.apply("isula.graph"), string(raw, "graph"), DEFAULT_GRAPH);
        String state = first(properties.apply("isula.state"), string(raw, "state"), DEFAULT_STATE);
        List<String> hosts = new ArrayList<>();
        String hostFlag = properties.apply("isula.hosts");
        if (hostFlag != null && !hostFlag.isBlank()) {
            for (String h : hostFlag.split(",")) {
                if (!h.isBlank()) {
                    hosts.add(h.trim());
                }
            }
        } else if (raw.get("hosts") instanceof List<?> list) {
            list.forEach(h -> hosts.add(String.valueOf(h)));
        }
        if (hosts.isEmpty()) {
            hosts.add(DEFAULT_HOST);
        }
        String runtime = first(properties.apply("isula.default.runtime"), string(raw, "default-runtime"), "runc");
        String level = first(properties.apply("isula.log.level"), string(raw, "log-level"), "INFO");
        return new DaemonSettings(absolute(graph, "graph"), absolute(state, "state"), List.copyOf(hosts),
                runtime.toLowerCase(java.util.Locale.ROOT), level, runtimes(raw), raw);
    }

    private Map<String, Object> readConfig(Path file, boolean mustExist) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw EngineException.invalid("config file " + file + " does not exist");
            }
            return Map.of();
        } catch (IOException e) {
            throw EngineException.invalid("cannot read config file " + file + ": " + e.getMessage());
        }
        try {
            Map<String, Object> map = json.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
            return map == null ? Map.of() : map;
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("invalid config file " + file + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw EngineException.invalid("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, DaemonSettings.OciRuntime> runtimes(Map<String, Object> raw) {
        Map<String, DaemonSettings.OciRuntime> out = new LinkedHashMap<>();
        if (!(raw.get("runtimes") instanceof Map<?, ?> map)) {
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> entry) || !(entry.get("path") instanceof String path)) {
                throw EngineException.invalid("runtimes." + e.getKey() + ": a \"path\" string is required");
            }
            List<String> args = new ArrayList<>();
            if (entry.get("runtime-args") instanceof List<?> list) {
                list.forEach(a -> args.add(String.valueOf(a)));
            }
            out.put(String.valueOf(e.getKey()).toLowerCase(java.util.Locale.ROOT),
                    new DaemonSettings.OciRuntime(path, List.copyOf(args)));
        }
        return out;
    }

    private static String string(Map<String, Object> raw, String key) {
        Object v = raw.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw EngineException.invalid("config key \"" + key + "\" must be a string");
        }
        return s.isBlank() ? null : s;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Path absolute(String dir, String what) {
        Path p = Path.of(dir);
        if (!p.isAbsolute()) {
            throw EngineException.invalid(what + " directory must be an absolute path: " + dir);
        }
        return p.normalize();
    }
}
