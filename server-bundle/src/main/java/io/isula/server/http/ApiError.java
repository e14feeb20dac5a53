package io.isula.server.http;

/** What a failed request answers: an HTTP status and Docker's {@code {"message": ...}}. */
public record ApiError(int status, String message) {
}
