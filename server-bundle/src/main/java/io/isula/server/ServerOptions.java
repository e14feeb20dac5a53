package io.isula.server;

/**
 * Sizes of the daemon API server.
 *
 * @param ioThreads      event-loop threads serving connections
 * @param maxWorkers     short calls running at once, each on its own thread (lasting routes such as logs -f and wait
 *                       have threads of their own)
 * @param maxWaitingCalls short calls waiting for a thread; past that new ones get 503
 * @param maxBodyBytes   largest request body accepted; larger ones get 413
 */
public record ServerOptions(int ioThreads, int maxWorkers, int maxWaitingCalls, int maxBodyBytes) {
    public static ServerOptions defaults() {
        return new ServerOptions(2, 64, 1024, 16 * 1024 * 1024);
    }
}
