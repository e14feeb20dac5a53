package io.isula.core.spi;

import io.isula.core.api.EngineException;

/** Thrown by an operation a provider does not implement. */
public final class NotSupported extends EngineException {
    public NotSupported(String what, String kind, String name) {
        super(Kind.INVALID_ARGUMENT, what + " is not supported by " + kind + " " + name);
    }
}
