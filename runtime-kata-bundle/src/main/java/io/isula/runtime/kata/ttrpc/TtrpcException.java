package io.isula.runtime.kata.ttrpc;

import java.io.IOException;

/**
 * A ttrpc call failed: the server answered with a non-OK status ({@link #code} is its gRPC code), or the connection
 * failed ({@link #code} is -1), or the deadline passed ({@link #code} is {@link #DEADLINE_EXCEEDED}).
 */
public class TtrpcException extends IOException {
    public static final int CONNECTION = -1;
    public static final int INVALID_ARGUMENT = 3;
    public static final int DEADLINE_EXCEEDED = 4;
    public static final int NOT_FOUND = 5;
    public static final int ALREADY_EXISTS = 6;
    public static final int FAILED_PRECONDITION = 9;
    public static final int UNIMPLEMENTED = 12;

    private final int code;

    public TtrpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    public TtrpcException(String message, Throwable cause) {
        super(message, cause);
        this.code = CONNECTION;
    }

    public int code() {
        return code;
    }
}
