package io.isula.core.util.conmon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A line conmon writes to {@code _OCI_SYNCPIPE}: {@code {"data": PID}} after a successful create,
 * {@code {"data": -1, "message": "runc create failed: …"}} after a failed one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncMessage(Integer data, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean succeeded() {
        return data != null && data > 0;
    }

    /** @throws IllegalArgumentException for anything but a JSON object with an integer {@code data} */
    public static SyncMessage parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("empty message from conmon");
        }
        SyncMessage m;
        try {
            m = JSON.readValue(line, SyncMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable message from conmon: " + abbreviate(line), e);
        }
        if (m == null || m.data() == null) {
            throw new IllegalArgumentException("message from conmon has no data: " + abbreviate(line));
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
