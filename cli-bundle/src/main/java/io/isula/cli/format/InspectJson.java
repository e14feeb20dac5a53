package io.isula.cli.format;

import io.isula.cli.http.MiniJson;
import io.isula.core.api.ContainerStatus;

import java.util.List;
import java.util.Map;

/**
 * Containers as {@code isula inspect} shows them, on the generic JSON tree (so keys this client does not
 * model are kept): iSulad's state names ({@code inited}, not Docker's {@code created}), the name without
 * Docker's leading slash, pretty-printed with four-space indents.
 */
public final class InspectJson {
    private InspectJson() {
    }

    /** Rewrites {@code tree} (a daemon inspect answer) in place into iSulad's view and returns it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> isulaView(Map<String, Object> tree) {
        if (tree.get("State") instanceof Map<?, ?> s && s.get("Status") instanceof String status) {
            ContainerStatus st = ContainerStatus.of(status);
            if (st != ContainerStatus.UNKNOWN) {
                ((Map<String, Object>) s).put("Status", st.isulaName());
            }
        }
        if (tree.get("Name") instanceof String name && name.startsWith("/")) {
            tree.put("Name", name.substring(1));
        }
        return tree;
    }

    public static String pretty(List<?> nodes) {
        return MiniJson.pretty(nodes);
    }

    public static String pretty(Object node) {
        return MiniJson.pretty(node);
    }

    public static String compact(Object node) {
        return MiniJson.write(node);
    }
}
