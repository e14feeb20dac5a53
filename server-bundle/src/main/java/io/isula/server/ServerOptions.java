package io.isula.server;

/**
 * Sizes of the daemon API server.
 *
 * @param ioThreads    event-loop threads serving connections
 * @param maxWorkers   requests in flight (each on its own thread; logs -f and wait hold theirs while they last);
 *                     past that new requests get 503
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 */
public record ServerOptions(int ioThreads, int maxWorkers, int maxBodyBytes) {
    public static ServerOptions defaults() {
        return new ServerOptions(2, 64, 16 * 1024 * 1024);
    }
}
