package io.isula.server;

import io.isula.core.api.DaemonSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real {@link DaemonApiServer} on a socket in a temporary folder, in front of a {@link FakeEngine}: one per test. */
abstract class ServerOnFakeEngine {
    @TempDir
    Path tmp;
    Path socket;
    FakeEngine engine;
    DaemonApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        socket = tmp.resolve("run/isulad.sock");
        engine = new FakeEngine();
        server = new DaemonApiServer();
        server.start(engine, engine, settings("unix://" + socket));
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.stop();
    }

    static DaemonSettings settings(String... hosts) {
        return new DaemonSettings(null, null, List.of(hosts), "runc", "info", Map.of(), Map.of());
    }

    UnixHttpClient.Response call(String method, String path, String body) throws Exception {
        return UnixHttpClient.call(socket, method, path, body);
    }
}
