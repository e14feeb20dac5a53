package io.isula.server.http;

import io.isula.core.api.EngineException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure of a request into the status and message the client sees. */
public final class ErrorMapper {

    public ApiError map(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ApiException a) {
            return new ApiError(a.status(), a.getMessage());
        }
        if (t instanceof EngineException e) {
            return new ApiError(e.kind().httpStatus(), messageOf(e));
        }
        return new ApiError(500, messageOf(t));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
