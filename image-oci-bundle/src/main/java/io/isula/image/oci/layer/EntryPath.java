package io.isula.image.oci.layer;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tar entry's name made relative to the layer directory: empty and "." components dropped, ".." applied to
 * the components before it (names are byte strings, see {@link Names}). Absolute names and names climbing above the layer directory are refused here,
 * before anything touches the file system. The result is "" for the layer directory itself, else "a/b/c".
 */
final class EntryPath {
    private EntryPath() {
    }

    /** @param what how messages call the name: "the name", "the hard link target \"x\"" */
    static String normalize(String name, String what) {
        if (name.isEmpty()) {
            throw new LayerException(what + " is empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new LayerException(what + " contains a NUL byte");
        }
        if (name.charAt(0) == '/') {
            throw new LayerException(what + " is an absolute path");
        }
        Deque<String> parts = new ArrayDeque<>();
        int start = 0;
        while (start <= name.length()) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? name.length() : slash;
            String part = name.substring(start, end);
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new LayerException(what + " leads out of the layer directory");
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
            start = end + 1;
        }
        return String.join("/", parts);
    }

    /** The directory holding {@code path} ("" for top-level names). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** The name for messages: control characters escaped, long names shortened. */
    static String printable(String name) {
        String text = Names.display(name);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() < 300 ? out.toString() : out + "...";
    }
}
