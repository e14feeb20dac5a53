package io.isula.runtime.kata.ttrpc;

/** The peer sent something that is not valid ttrpc or protobuf. */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
