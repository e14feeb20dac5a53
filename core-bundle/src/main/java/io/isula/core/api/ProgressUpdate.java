package io.isula.core.api;

/**
 * A step of a pull or load, as Docker's JSON progress stream carries it:
 * {@code {"status":"Downloading","id":"<layer>","progressDetail":{"current":N,"total":M}}}.
 * {@code id} is null for messages about the whole image; current/total are -1 when unknown.
 */
public record ProgressUpdate(String id, String status, long current, long total) {
    public static ProgressUpdate message(String status) { return new ProgressUpdate(null, status, -1, -1); }

    public static ProgressUpdate of(String id, String status) { return new ProgressUpdate(id, status, -1, -1); }
}
