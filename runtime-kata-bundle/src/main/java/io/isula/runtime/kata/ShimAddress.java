package io.isula.runtime.kata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a shim's Task service listens, as its {@code start} action prints it: a plain {@code unix:///path} (1.x
 * shims) or the JSON {@code {"version":…,"address":…,"protocol":…}} of newer ones (version 3 would be the v3 Task
 * service, which this engine does not speak).
 */
record ShimAddress(Path socket) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ShimAddress parse(String printed) {
        String s = printed == null ? "" : printed.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the shim printed no address");
        }
        if (s.startsWith("{")) {
            JsonNode n;
            try {
                n = JSON.readTree(s);
            } catch (IOException e) {
                throw new IllegalArgumentException("the shim printed malformed JSON: " + e.getMessage());
            }
            String protocol = n.path("protocol").asText("ttrpc");
            if (!protocol.isEmpty() && !"ttrpc".equals(protocol)) {
                throw new IllegalArgumentException("the shim speaks " + protocol + ", only ttrpc is supported");
            }
            int version = n.path("version").asInt(2);
            if (version > 2) {
                throw new IllegalArgumentException("the shim serves Task API version " + version
                        + ", only version 2 is supported");
            }
            s = n.path("address").asText("");
            if (s.isEmpty()) {
                throw new IllegalArgumentException("the shim's JSON names no address");
            }
        }
        String path = s.startsWith("unix://") ? s.substring("unix://".length()) : s;
        if (!path.startsWith("/") || path.contains("\0") || path.contains("\n")) {
            throw new IllegalArgumentException("the shim printed an address that is not an absolute unix socket: " + s);
        }
        return new ShimAddress(Path.of(path));
    }

    /** The form written to the bundle's {@code address} file. */
    String uri() {
        return "unix://" + socket;
    }
}
