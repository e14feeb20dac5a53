package io.isula.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * runc's {@code --log-format json} file. conmon relays runc's error on the sync pipe only when it manages to read
 * runc's stderr in time, so this file is where a failed create's reason is found for sure.
 */
final class RuncLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 64 * 1024;

    private RuncLog() {
    }

    /** The error messages of the file, joined, or empty when it has none. */
    static Optional<String> errors(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            int from = (int) Math.max(0, bytes.length - MAX_BYTES);
            return errors(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> errors(String content) {
        List<String> msgs = new ArrayList<>();
        for (String line : content.split("\n")) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isObject() && "error".equals(n.path("level").asText()) && n.hasNonNull("msg")) {
                    msgs.add(n.get("msg").asText().strip());
                }
            } catch (IOException notJson) {
                // a truncated first line, or not runc's JSON at all
            }
        }
        return msgs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", msgs));
    }
}
