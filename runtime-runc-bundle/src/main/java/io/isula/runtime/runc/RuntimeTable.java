package io.isula.runtime.runc;

import io.isula.core.api.DaemonSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import java.lang.System.Logger.Level;

/**
 * The runtime names this provider serves: {@code runc} plus every daemon.json {@code runtimes} entry except the
 * containerd shim v2 types ({@code io.containerd.<name>.<version>}), which are the shim provider's.
 */
record RuntimeTable(Map<String, RuntimeLayout> byName) {
    static final String RUNC = "runc";
    private static final System.Logger LOG = System.getLogger(RuntimeTable.class.getName());
    /** Runtime names become folder names. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String SHIM_V2_PREFIX = "io.containerd.";

    RuntimeTable {
        byName = Map.copyOf(byName);
    }

    static RuntimeTable from(DaemonSettings settings, UnaryOperator<String> resolveBinary) {
        if (settings == null || settings.state() == null) {
            throw new IllegalArgumentException("the runc runtime needs the daemon's state directory");
        }
        Path state = settings.state();
        Map<String, RuntimeLayout> table = new LinkedHashMap<>();
        table.put(RUNC, RuntimeLayout.of(RUNC, resolveBinary.apply(RUNC), List.of(), state));
        Map<String, DaemonSettings.OciRuntime> configured = settings.runtimes() == null ? Map.of() : settings.runtimes();
        configured.forEach((name, rt) -> {
            if (name == null || !VALID_NAME.matcher(name).matches()) {
                LOG.log(Level.WARNING, "ignoring daemon.json runtime with invalid name ''{0}''", name);
                return;
            }
            if (name.startsWith(SHIM_V2_PREFIX)) {
                return;
            }
            String path = rt == null || rt.path() == null || rt.path().isBlank() ? name : rt.path();
            List<String> args = rt == null || rt.runtimeArgs() == null ? List.of() : rt.runtimeArgs();
            table.put(name, RuntimeLayout.of(name, resolveBinary.apply(path), args, state));
        });
        return new RuntimeTable(table);
    }

    RuntimeLayout get(String name) {
        return byName.get(name);
    }
}
