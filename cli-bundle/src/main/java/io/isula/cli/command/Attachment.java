package io.isula.cli.command;

import io.isula.cli.terminal.Terminal;
import io.isula.core.api.AttachOptions;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.StdioStream;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * A container's stdio from its start to its exit, as {@code run} and {@code start -a} show it: attached before the
 * start (so the first byte of output is seen), then started, then its exit code. With stdin, our input goes to the
 * container; with a terminal on both sides, ours is raw and the detach keys leave the container running.
 */
final class Attachment {
    /** The detach keys ended the session: the container runs on. */
    static final int DETACHED = Integer.MIN_VALUE;

    private final ContainerEngine engine;
    private final PrintStream out;
    private final PrintStream err;

    Attachment(ContainerEngine engine, PrintStream out, PrintStream err) {
        this.engine = engine;
        this.out = out;
        this.err = err;
    }

    /** Attaches to {@code id}; the caller then starts it and calls {@link Session#follow()}. */
    Session attach(String id, boolean stdin, boolean tty) {
        StdioSession session = new StdioSession(out, err);
        StdioStream stream = engine.attach(id, new AttachOptions(stdin, true, true, null), session);
        return new Session(id, session, stream, stdin, tty && stdin ? Terminal.onStdin() : null);
    }

    final class Session {
        private final String id;
        private final StdioSession session;
        private final StdioStream stream;
        private final boolean stdin;
        private final Terminal terminal;

        Session(String id, StdioSession session, StdioStream stream, boolean stdin, Terminal terminal) {
            this.id = id;
            this.session = session;
            this.stream = stream;
            this.stdin = stdin;
            this.terminal = terminal;
        }

        /** Streams until the container's output ends, then returns its exit code, or {@link #DETACHED}. */
        int follow() {
            InputStream in = stdin ? System.in : null;
            if (session.run(stream, in, terminal, null)) {
                return DETACHED;
            }
            return engine.await(id);
        }

        /** Gives up the attachment (the start failed). */
        void close() {
            try {
                stream.close();
            } catch (EngineException ignored) {
                // nothing to detach from
            }
        }
    }
}
