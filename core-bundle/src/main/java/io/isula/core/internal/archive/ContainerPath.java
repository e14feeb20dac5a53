package io.isula.core.internal.archive;

import io.isula.core.api.EngineException;

import java.util.ArrayList;
import java.util.List;

/**
 * A path in a container as {@code cp} names it: absolute or not (both from the container's root), with
 * {@code .} and {@code ..} taken lexically, never above the root. A trailing {@code /.} means "the directory's
 * contents" (Docker's rule).
 *
 * @param components   the cleaned components; empty for the root
 * @param contentsOnly the path ended with {@code /.}
 */
record ContainerPath(List<String> components, boolean contentsOnly) {
    static ContainerPath of(String path) {
        if (path == null || path.isEmpty()) {
            throw EngineException.invalid("path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw EngineException.invalid("path must not contain NUL");
        }
        boolean contents = path.equals(".") || path.endsWith("/.");
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(c);
        }
        return new ContainerPath(List.copyOf(out), contents);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String base() {
        return isRoot() ? "/" : components.get(components.size() - 1);
    }

    /** The parent as an absolute container path. */
    String parent() {
        return "/" + String.join("/", components.subList(0, Math.max(0, components.size() - 1)));
    }

    String absolute() {
        return "/" + String.join("/", components);
    }

    /**
     * The components of a tar member's name below the extraction point: leading slashes and {@code .} dropped, any
     * {@code ..} refused (it could only mean to leave the target directory).
     */
    static List<String> memberComponents(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw EngineException.invalid("archive member '" + name + "' would leave the target directory");
            }
            if (c.indexOf('\0') >= 0) {
                throw EngineException.invalid("archive member name contains NUL");
            }
            out.add(c);
        }
        return out;
    }
}
