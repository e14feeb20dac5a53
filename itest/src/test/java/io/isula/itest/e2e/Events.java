package io.isula.itest.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The daemon's retained events of a time span, from {@code GET /events?since=S&until=U} (JSON lines). */
final class Events {
    private Events() {
    }

    static String between(Path socket, long sinceEpochSeconds, long untilEpochSeconds) {
        String request = "GET /events?since=" + sinceEpochSeconds + "&until=" + untilEpochSeconds
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try {
            return UnixHttp.exchange(socket, request, Duration.ofSeconds(30)).body();
        } catch (IOException e) {
            throw new AssertionError("GET /events failed: " + e, e);
        }
    }
}
