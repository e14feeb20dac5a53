package io.isula.image.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A failure of one endpoint (unreachable, refused, error status, bad content): the next endpoint may be tried.
 * Failures of this machine (a file that cannot be written) are plain {@link EngineException}s and stop at once.
 */
final class RegistryFailure extends EngineException {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean connection;

    RegistryFailure(Kind kind, String message, boolean connection, Throwable cause) {
        super(kind, message, cause);
        this.connection = connection;
    }

    RegistryFailure(Kind kind, String message) {
        this(kind, message, false, null);
    }

    /** The endpoint could not be talked to at all (connection, TLS, timeout). */
    boolean isConnection() {
        return connection;
    }

    static RegistryFailure connection(String authority, String url, IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof SSLHandshakeException) {
            why = "TLS handshake failed: " + rootMessage(e) + " (a private CA goes in <certs-dir>/" + authority
                    + "/ca.crt; an untrusted registry in insecure-registries)";
        } else if (e instanceof SSLException) {
            why = "TLS failed: " + rootMessage(e);
        } else if (e instanceof ConnectException || hasCause(e, UnresolvedAddressException.class)
                || hasCause(e, UnknownHostException.class)) {
            boolean unknown = hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class);
            why = unknown ? "unknown host" : "connection refused";
        } else {
            why = rootMessage(e);
        }
        return new RegistryFailure(Kind.UNAVAILABLE, "cannot reach registry " + authority + " (" + url + "): " + why, true, e);
    }

    /** Docker's rendering of a registry error body: {@code manifest unknown: manifest unknown}; else the status line. */
    static String describe(int status, byte[] body) {
        List<String> parts = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null) {
                for (JsonNode error : root.path("errors")) {
                    String code = error.path("code").asText("");
                    String message = error.path("message").asText("");
                    String text = code.isEmpty() ? message
                            : code.toLowerCase(Locale.ROOT).replace('_', ' ') + (message.isEmpty() ? "" : ": " + message);
                    if (!text.isEmpty()) {
                        parts.add(text);
                    }
                }
                if (parts.isEmpty() && root.hasNonNull("details")) {
                    parts.add(root.get("details").asText());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: fall back to the status line
        }
        if (parts.isEmpty()) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && text.length() <= 200 && !text.contains("<")) {
                parts.add(text);
            }
        }
        return parts.isEmpty() ? status + " " + reason(status) : String.join("; ", parts);
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "status";
        };
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
