package io.isula.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in and out of the API; a body that does not parse becomes a 400 that says where and why. */
public final class JsonCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public ObjectNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** Reads a request body; {@code what} names it in error messages ("request body"). */
    public <T> T read(byte[] body, Class<T> type, String what) {
        try {
            return mapper.readValue(body, type);
        } catch (JsonMappingException e) {
            throw ApiException.badRequest("invalid JSON in " + what + pathOf(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON in " + what + ": " + e.getOriginalMessage() + where(e.getLocation()));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read " + what + ": " + e.getMessage());
        }
    }

    public JsonNode readTree(String text, String what) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON in " + what + ": " + e.getOriginalMessage() + where(e.getLocation()));
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? where(e.getLocation()) : " at " + sb;
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
