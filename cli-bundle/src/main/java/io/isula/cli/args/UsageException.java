package io.isula.cli.args;

/** A command line the parser rejects (unknown flag, missing value, wrong number of arguments): exit 125. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
