package io.isula.cli.http;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Requests to the daemon's API and the reading of its answers, shared by the container and image clients:
 * a non-2xx answer becomes an {@link EngineException} with the daemon's message, an unreachable daemon a
 * {@link DaemonUnreachableException}.
 */
final class DaemonCalls {
    private final UnixHttpClient http;
    private final String display;

    DaemonCalls(DaemonAddress address) {
        this.http = new UnixHttpClient(address.socket());
        this.display = address.display();
    }

    HttpResponse call(String method, String target, byte[] jsonBody) {
        return call(method, target, jsonBody, Map.of());
    }

    HttpResponse call(String method, String target, byte[] jsonBody, Map<String, String> headers) {
        try {
            return checked(http.exchange(method, target, jsonBody, headers));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A request whose body is of {@code contentType} (not JSON). */
    HttpResponse call(String method, String target, byte[] body, String contentType) {
        try {
            return checked(http.exchange(method, target, body, contentType));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A request that takes the connection over (attach, exec start); an error answer is thrown as the daemon's. */
    HijackedStream upgrade(String method, String target, byte[] jsonBody) {
        try {
            return http.upgrade(method, target, jsonBody, DaemonCalls::checked);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A request whose body is {@code file}, sent as it is. */
    HttpResponse upload(String method, String target, Path file, String contentType) {
        try {
            return checked(http.upload(method, target, file, contentType));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private static HttpResponse checked(HttpResponse r) {
        if (r.status() >= 200 && r.status() < 300) {
            return r;
        }
        String message;
        try (r) {
            String text = r.text();
            Object m = text.isBlank() ? null : MiniJson.object(text).get("message");
            message = m instanceof String s ? s : text.trim();
        } catch (IOException | IllegalArgumentException e) {
            message = "";
        }
        throw errorFor(r.status(), message);
    }

    static EngineException errorFor(int status, String message) {
        EngineException.Kind kind = switch (status) {
            case 400 -> EngineException.Kind.INVALID_ARGUMENT;
            case 401 -> EngineException.Kind.UNAUTHORIZED;
            case 404 -> EngineException.Kind.NOT_FOUND;
            case 409 -> EngineException.Kind.CONFLICT;
            case 304 -> EngineException.Kind.NOT_MODIFIED;
            case 503 -> EngineException.Kind.UNAVAILABLE;
            default -> EngineException.Kind.INTERNAL;
        };
        if (message == null || message.isEmpty()) {
            message = status == 304 ? "not modified" : "the daemon answered HTTP " + status;
        }
        return new EngineException(kind, message);
    }

    DaemonUnreachableException unreachable(IOException e) {
        return new DaemonUnreachableException("Cannot connect to the isulad daemon at " + display
                + ". Is the daemon running? (" + e.getMessage() + ")", e);
    }

    void discard(HttpResponse r) {
        try (r) {
            r.body().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the answer was already a success; a short body does not change that
        }
    }

    /** The whole body as a JSON tree. */
    Object read(HttpResponse r) {
        String text;
        try (r) {
            text = r.text();
        } catch (IOException e) {
            throw new DaemonUnreachableException("reading the daemon's answer failed: " + e.getMessage(), e);
        }
        try {
            return MiniJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    Map<String, Object> readObject(HttpResponse r) {
        Object tree = read(r);
        try {
            return ApiJson.asObject(tree, "the answer");
        } catch (IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    static EngineException badAnswer(IllegalArgumentException e) {
        return EngineException.internal("cannot read the daemon's answer: " + e.getMessage(), e);
    }

    static byte[] toJson(Object tree) {
        return MiniJson.write(tree).getBytes(StandardCharsets.UTF_8);
    }
}
