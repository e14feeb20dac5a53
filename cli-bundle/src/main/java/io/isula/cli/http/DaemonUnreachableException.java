package io.isula.cli.http;

import io.isula.core.api.EngineException;

/** The client could not talk to the daemon at all (as opposed to an error the daemon answered with). */
public final class DaemonUnreachableException extends EngineException {
    public DaemonUnreachableException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, message, cause);
    }
}
