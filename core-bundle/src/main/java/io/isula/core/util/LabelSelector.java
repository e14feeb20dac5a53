package io.isula.core.util;

import java.util.Map;

/** Docker's label filter value: {@code key} (the label is there) or {@code key=value} (it has that value). */
public final class LabelSelector {
    private LabelSelector() {
    }

    public static boolean matches(Map<String, String> labels, String selector) {
        if (labels == null) {
            return false;
        }
        int eq = selector.indexOf('=');
        return eq < 0 ? labels.containsKey(selector)
                : selector.substring(eq + 1).equals(labels.get(selector.substring(0, eq)));
    }
}
