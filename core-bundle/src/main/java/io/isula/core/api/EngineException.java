package io.isula.core.api;

/** A use case failed; {@link #kind()} says how, so each interface can map it (HTTP status, exit code). */
public class EngineException extends RuntimeException {
    public enum Kind {
        INVALID_ARGUMENT(400), UNAUTHORIZED(401), NOT_FOUND(404), CONFLICT(409), NOT_MODIFIED(304), UNAVAILABLE(500), INTERNAL(500);

        private final int httpStatus;

        Kind(int httpStatus) { this.httpStatus = httpStatus; }

        public int httpStatus() { return httpStatus; }
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public static EngineException invalid(String message) { return new EngineException(Kind.INVALID_ARGUMENT, message); }

    public static EngineException unauthorized(String message) { return new EngineException(Kind.UNAUTHORIZED, message); }

    public static EngineException notFound(String message) { return new EngineException(Kind.NOT_FOUND, message); }

    public static EngineException conflict(String message) { return new EngineException(Kind.CONFLICT, message); }

    public static EngineException unavailable(String message) { return new EngineException(Kind.UNAVAILABLE, message); }

    public static EngineException internal(String message, Throwable cause) {
        return new EngineException(Kind.INTERNAL, message, cause);
    }
}
