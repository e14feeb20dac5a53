package io.isula.core.util;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;

/**
 * Reads only some fields of a JSON document: the subtrees at the given paths ({@code "config/namespaces"}, fields of
 * nested objects joined by {@code /}) are built as nodes, everything else is skipped token by token. For the large
 * files read on every container's way (an OCI {@code config.json}, runc's {@code state.json}: most of either is the
 * seccomp filter), which a whole tree would build node by node only to drop.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /**
     * The document reduced to {@code paths}: an object holding, at their places, the subtrees found; a path that is
     * absent (or goes through something that is not an object) is absent from the result too.
     */
    public static JsonNode pick(ObjectMapper mapper, byte[] json, List<String> paths) throws IOException {
        try (JsonParser p = mapper.createParser(json)) {
            ObjectNode picked = mapper.createObjectNode();
            if (p.nextToken() == JsonToken.START_OBJECT) {
                pickFields(mapper, p, "", paths, picked);
            }
            return picked;
        }
    }

    /** The parser is on an object's start; leaves it on that object's end. */
    private static void pickFields(ObjectMapper mapper, JsonParser p, String prefix, List<String> paths,
                                   ObjectNode into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String path = prefix + name;
            JsonToken value = p.nextToken();
            if (paths.contains(path)) {
                into.set(name, mapper.readTree(p));
            } else if (value == JsonToken.START_OBJECT && leadsToAPath(path, paths)) {
                pickFields(mapper, p, path + "/", paths, into.putObject(name));
            } else {
                p.skipChildren();
            }
        }
    }

    private static boolean leadsToAPath(String path, List<String> paths) {
        for (String wanted : paths) {
            if (wanted.length() > path.length() && wanted.startsWith(path) && wanted.charAt(path.length()) == '/') {
                return true;
            }
        }
        return false;
    }
}
