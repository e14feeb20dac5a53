package io.isula.server.http;

import io.netty.handler.codec.http.HttpRequest;

/** The head of a request whose body is still arriving, read through {@code body}. */
record StreamingRequest(HttpRequest head, BodyStream body) {
}
