package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code --hook-spec FILE}: a JSON object with {@code prestart}, {@code poststart} and {@code poststop} lists of OCI
 * hooks ({@code path}, {@code args}, {@code env}, {@code timeout}), checked as iSulad does (absolute path that exists,
 * owned by root and not writable by others, timeout not negative) and turned into the spec's {@code hooks}.
 */
public final class HookSpecs {
    private static final long MAX_FILE = 1L << 20;
    private static final List<String> KINDS = List.of("prestart", "poststart", "poststop");
    private static final Set<String> HOOK_KEYS = Set.of("path", "args", "env", "timeout");

    private HookSpecs() {
    }

    /** The {@code hooks} object for the spec, or null without a hook spec. */
    public static ObjectNode read(ObjectMapper json, String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        if (!p.isAbsolute()) {
            throw EngineException.invalid("Invalid hook spec " + file + ": the path must be absolute");
        }
        JsonNode tree;
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > MAX_FILE) {
                throw EngineException.invalid("Invalid hook spec " + file + ": not a regular file of at most 1 MiB");
            }
            tree = json.readTree(Files.readAllBytes(p));
        } catch (IOException e) {
            throw EngineException.invalid("Invalid hook spec " + file + ": " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw EngineException.invalid("Invalid hook spec " + file + ": it must be a JSON object");
        }
        ObjectNode hooks = json.createObjectNode();
        var names = tree.fieldNames();
        while (names.hasNext()) {
            String kind = names.next();
            if (!KINDS.contains(kind)) {
                throw EngineException.invalid("Invalid hook spec " + file + ": unknown hook kind '" + kind
                        + "' (prestart, poststart, poststop)");
            }
            JsonNode list = tree.get(kind);
            if (list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw EngineException.invalid("Invalid hook spec " + file + ": " + kind + " must be a list");
            }
            ArrayNode out = hooks.putArray(kind);
            for (JsonNode h : list) {
                out.add(hook(json, h, file, kind));
            }
        }
        return hooks;
    }

    private static ObjectNode hook(ObjectMapper json, JsonNode h, String file, String kind) {
        if (!h.isObject()) {
            throw EngineException.invalid("Invalid hook spec " + file + ": each " + kind + " hook must be an object");
        }
        h.fieldNames().forEachRemaining(k -> {
            if (!HOOK_KEYS.contains(k)) {
                throw EngineException.invalid("Invalid hook spec " + file + ": unknown key '" + k + "' in a " + kind
                        + " hook");
            }
        });
        JsonNode path = h.get("path");
        if (path == null || !path.isTextual()) {
            throw EngineException.invalid("Invalid hook spec " + file + ": a " + kind + " hook needs a path");
        }
        checkPath(path.asText());
        ObjectNode out = json.createObjectNode();
        out.put("path", path.asText());
        for (String list : List.of("args", "env")) {
            JsonNode v = h.get(list);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isArray()) {
                throw EngineException.invalid("Invalid hook spec " + file + ": " + list + " must be a list of strings");
            }
            ArrayNode a = out.putArray(list);
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw EngineException.invalid("Invalid hook spec " + file + ": " + list
                            + " must be a list of strings");
                }
                a.add(s.asText());
            }
        }
        JsonNode timeout = h.get("timeout");
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.canConvertToInt() || !timeout.isIntegralNumber()) {
                throw EngineException.invalid("Invalid hook spec " + file + ": timeout must be a whole number");
            }
            if (timeout.asInt() < 0) {
                throw EngineException.invalid("Invalid timeout: " + timeout.asInt());
            }
            out.put("timeout", timeout.asInt());
        }
        return out;
    }

    /** iSulad's verify_hook_path: absolute, existing, owned by root, not writable by others. */
    private static void checkPath(String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw EngineException.invalid(path + " is not an absolute path");
        }
        try {
            if (!Files.exists(p)) {
                throw EngineException.invalid("Cann't find path: " + path);
            }
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if (uid != 0) {
                throw EngineException.invalid("Hook file " + path + " isn't right,file owner should be root");
            }
            if ((mode & 02) != 0) {
                throw EngineException.invalid(path + " should not be written by non-root");
            }
        } catch (IOException e) {
            throw EngineException.invalid("Cann't find path: " + path);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
