package io.isula.core.internal.logs;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.spi.ContainerLog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's log settings: its {@code --log-opt}s over the daemon's defaults (daemon.json
 * {@code "container-log": {"driver": "json-file", "opts": {"max-size": "1MB", "max-file": "7"}}}, iSulad's keys and
 * iSulad's built-in defaults of 1 MB and 7 files).
 */
public final class LogPolicy {
    static final String DRIVER = "json-file";
    private static final String MAX_SIZE = "max-size";
    private static final String MAX_FILE = "max-file";
    private static final String DISABLE = "disable-log";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private final String driver;
    private final Map<String, String> defaults;

    LogPolicy(String driver, Map<String, String> defaults) {
        this.driver = driver == null || driver.isBlank() ? DRIVER : driver;
        this.defaults = defaults;
    }

    /** The daemon's defaults; bad ones are a start-up error naming the key. */
    public static LogPolicy of(DaemonSettings settings) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of(MAX_SIZE, "1MB", MAX_FILE, "7"));
        String driver = null;
        Object raw = settings.raw() == null ? null : settings.raw().get("container-log");
        if (raw instanceof Map<?, ?> m) {
            Object d = m.get("driver");
            driver = d == null ? null : d.toString();
            if (m.get("opts") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> opts.put(String.valueOf(k), String.valueOf(v)));
            }
        } else if (raw != null) {
            throw EngineException.invalid("daemon.json: container-log must be an object");
        }
        LogPolicy p = new LogPolicy(driver, opts);
        try {
            p.resolve(null);
        } catch (EngineException e) {
            throw EngineException.invalid("daemon.json container-log: " + e.getMessage());
        }
        return p;
    }

    /** The settings for a container that asked for {@code requested} (null: the defaults). */
    public ContainerLog resolve(HostConfig.LogConfig requested) {
        String type = requested == null || requested.type() == null || requested.type().isBlank() ? driver
                : requested.type();
        if (!type.equals(DRIVER)) {
            throw EngineException.invalid("log driver " + type + " is not supported (only " + DRIVER + ")");
        }
        Map<String, String> opts = new LinkedHashMap<>(defaults);
        if (requested != null && requested.config() != null) {
            for (Map.Entry<String, String> e : requested.config().entrySet()) {
                if (!e.getKey().equals(MAX_SIZE) && !e.getKey().equals(MAX_FILE) && !e.getKey().equals(DISABLE)) {
                    throw EngineException.invalid("log opt " + e.getKey() + " is not supported by log driver " + DRIVER
                            + " (max-size, max-file, disable-log)");
                }
                opts.put(e.getKey(), e.getValue());
            }
        }
        boolean disabled = bool(opts.get(DISABLE));
        long size = size(opts.get(MAX_SIZE));
        int files = files(opts.get(MAX_FILE));
        return new ContainerLog(disabled, size, files);
    }

    private static boolean bool(String v) {
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw EngineException.invalid("invalid value for log opt disable-log: '" + v + "' (true or false)");
    }

    /** {@code 10k}, {@code 1MB}, {@code 2.5m}: binary units, as iSulad; -1 means unlimited. */
    static long size(String v) {
        if (v == null || v.equals("-1")) {
            return 0;
        }
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw EngineException.invalid("invalid value for log opt max-size: '" + v + "'");
        }
        double n = Double.parseDouble(m.group(1));
        int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        double bytes = n * Math.pow(1024, power);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw EngineException.invalid("invalid value for log opt max-size: '" + v + "' (out of range)");
        }
        return (long) bytes;
    }

    private static int files(String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw EngineException.invalid("invalid value for log opt max-file: '" + v + "' (a number from 1 to 1000)");
    }
}
