package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.util.LabelSelector;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Docker's {@code ps} filters: id (prefix), name (substring), label (key or key=value), status. */
final class ContainerFilter {
    private static final Set<String> KEYS = Set.of("id", "name", "label", "status");
    private final Map<String, List<String>> filters;

    ContainerFilter(Map<String, List<String>> filters) {
        this.filters = filters == null ? Map.of() : filters;
        for (String key : this.filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw EngineException.invalid("Invalid filter '" + key + "'");
            }
        }
    }

    /** Every filter holds: by any of its values, but labels by all of theirs (as Docker). */
    boolean matches(ContainerRecord c) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (f.getValue().isEmpty()) {
                continue;
            }
            boolean holds = f.getKey().equals("label")
                    ? f.getValue().stream().allMatch(v -> LabelSelector.matches(c.config().labels(), v))
                    : f.getValue().stream().anyMatch(v -> matches(c, f.getKey(), v));
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(ContainerRecord c, String key, String value) {
        return switch (key) {
            case "id" -> c.id().startsWith(value);
            case "name" -> c.name().contains(value.startsWith("/") ? value.substring(1) : value);
            case "status" -> {
                ContainerStatus want = ContainerStatus.of(value);
                if (want == ContainerStatus.UNKNOWN && !value.equals("unknown")) {
                    throw EngineException.invalid("Unrecognised filter value for status: " + value);
                }
                yield c.status() == want;
            }
            default -> false;
        };
    }
}
