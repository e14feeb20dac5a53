package io.isula.server.http;

/** Handles one API operation; runs on a worker thread, so it may block on the engine. */
@FunctionalInterface
public interface Route {
    void handle(ApiRequest request, HttpExchange exchange) throws Exception;
}
