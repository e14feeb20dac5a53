package io.isula.server.http;

/** A request the API itself refuses (bad parameter, bad body) before or instead of calling the engine. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }

    public static ApiException badRequest(String message) { return new ApiException(400, message); }
}
