package io.isula.core.internal.volume;

import io.isula.core.api.EngineException;
import io.isula.core.api.Volume;
import io.isula.core.util.LabelSelector;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code volume ls} filters: {@code name} (part of it), {@code driver}, {@code label} (key or key=value) and
 * {@code dangling} (no container uses it). Every filter holds, each by any of its values but labels by all.
 */
final class VolumeFilter {
    private static final Set<String> KEYS = Set.of("name", "driver", "label", "dangling");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "1", "0");

    private final Map<String, List<String>> filters;

    private VolumeFilter(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    static VolumeFilter of(Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (!KEYS.contains(f.getKey())) {
                throw EngineException.invalid("Invalid filter '" + f.getKey() + "'");
            }
            if (f.getKey().equals("dangling")) {
                for (String v : f.getValue()) {
                    if (!BOOLEANS.contains(v)) {
                        throw EngineException.invalid("Invalid filter 'dangling=" + v + "'");
                    }
                }
            }
        }
        return new VolumeFilter(filters);
    }

    boolean matches(Volume v, boolean inUse) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            List<String> values = f.getValue();
            boolean holds = values.isEmpty() || (f.getKey().equals("label")
                    ? values.stream().allMatch(value -> LabelSelector.matches(v.labels(), value))
                    : values.stream().anyMatch(value -> matches(v, inUse, f.getKey(), value)));
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Volume v, boolean inUse, String key, String value) {
        return switch (key) {
            case "name" -> v.name().contains(value);
            case "driver" -> v.driver().equals(value);
            case "dangling" -> inUse != (value.equals("true") || value.equals("1"));
            default -> false;
        };
    }
}
