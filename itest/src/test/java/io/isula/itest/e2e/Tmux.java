package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real terminal for a command: a tmux server of our own (private socket name, killed by that name at close), one
 * session per window. Keys go in with send-keys; the screen comes out with capture-pane.
 */
final class Tmux implements AutoCloseable {
    private final String server;

    Tmux() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        server = "isula-e2e-" + HexFormat.of().formatHex(b);
    }

    /** Starts {@code command} in a new session of {@code columns}x{@code rows}; when it ends the pane shows its exit code. */
    void start(String session, int columns, int rows, List<String> command) {
        StringBuilder sh = new StringBuilder();
        for (String a : command) {
            sh.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        sh.append("; echo \"EXIT=$?\"; sleep 600");
        tmux("new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                sh.toString());
    }

    /** Types {@code keys} (tmux key names such as {@code Enter}, {@code C-p}; other words are typed as text). */
    void send(String session, String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} literally, then Enter. */
    void typeLine(String session, String text) {
        tmux("send-keys", "-t", session, "-l", text);
        tmux("send-keys", "-t", session, "Enter");
    }

    void resize(String session, int columns, int rows) {
        tmux("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** The visible screen, trailing blank lines dropped. */
    String screen(String session) {
        return tmux("capture-pane", "-p", "-t", session).stdout().stripTrailing();
    }

    /** Waits until the screen contains {@code text}; returns the screen. */
    String await(String session, String text, Duration timeout) {
        String[] last = {""};
        Poll.until(timeout, "'" + text + "' on the terminal " + session, () -> (last[0] = screen(session)).contains(text),
                () -> "screen:\n" + last[0]);
        return last[0];
    }

    private Result tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", server));
        cmd.addAll(List.of(args));
        Result r = Exec.run(cmd, Map.of("TERM", "xterm"), java.util.Set.of("TMUX"), null, Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Override
    public void close() {
        Exec.run(List.of("tmux", "-L", server, "kill-server"), Map.of(), java.util.Set.of("TMUX"), null,
                Duration.ofSeconds(20));
    }
}
