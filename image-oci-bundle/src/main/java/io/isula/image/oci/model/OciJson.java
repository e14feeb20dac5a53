package io.isula.image.oci.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads and writes the image spec's JSON documents; bad JSON becomes an {@link IllegalArgumentException} naming the document. */
public final class OciJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private OciJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("invalid " + what + ": empty document");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + firstLine(e.getMessage()), e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
