package io.isula.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.server.http.ApiException;
import io.isula.server.http.JsonCodec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code filters} query parameter: {@code {"name":["x"]}}, or the map form the Docker CLI sends,
 * {@code {"name":{"x":true}}}.
 */
final class DockerFilters {
    private DockerFilters() {
    }

    static Map<String, List<String>> parse(String text, JsonCodec json) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        JsonNode root = json.readTree(text, "filters");
        if (!root.isObject()) {
            throw ApiException.badRequest("invalid filters: expected a JSON object, got " + text);
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), values(e.getKey(), e.getValue()));
        }
        return result;
    }

    private static List<String> values(String key, JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode v : node) {
                if (!v.isTextual()) {
                    throw ApiException.badRequest("invalid filter '" + key + "': values must be strings");
                }
                values.add(v.asText());
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                if (v.getValue().asBoolean(false)) {
                    values.add(v.getKey());
                }
            }
        } else {
            throw ApiException.badRequest("invalid filter '" + key + "': expected a list or a map of values");
        }
        return values;
    }
}
