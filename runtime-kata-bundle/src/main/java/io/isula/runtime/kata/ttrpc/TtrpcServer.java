package io.isula.runtime.kata.ttrpc;

import io.isula.runtime.kata.loop.PollLoop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A small ttrpc server on a Unix socket (the engine's events endpoint, {@code TTRPC_ADDRESS}). The shared
 * {@link PollLoop} accepts connections and reads their requests (no thread per connection); each request is handled
 * on {@code workers} and its response sent from there.
 */
public final class TtrpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TtrpcServer.class.getName());

    /** Serves one method; throws {@link TtrpcException} to answer with its code. */
    public interface Handler {
        byte[] handle(String service, String method, byte[] payload) throws TtrpcException;
    }

    private final Path socket;
    private final PollLoop loop;
    private final Executor workers;
    private final Handler handler;
    private final Set<PollLoop.Registration> connections = ConcurrentHashMap.newKeySet();
    private final PollLoop.Registration listening;
    private volatile boolean closed;

    private TtrpcServer(Path socket, UnixStream server, PollLoop loop, Executor workers, Handler handler) {
        this.socket = socket;
        this.loop = loop;
        this.workers = workers;
        this.handler = handler;
        this.listening = loop.add(server.fd(), new Acceptor(server));
    }

    /** Listens on {@code socket} (a stale socket file there is replaced). */
    public static TtrpcServer listen(Path socket, PollLoop loop, Executor workers, Handler handler) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        return new TtrpcServer(socket, UnixStream.listen(socket), loop, workers, handler);
    }

    public Path socket() {
        return socket;
    }

    private final class Acceptor implements PollLoop.Watcher {
        private final UnixStream server;

        Acceptor(UnixStream server) {
            this.server = server;
        }

        @Override
        public boolean ready(int fd, byte[] buffer) {
            try {
                UnixStream c;
                while ((c = server.accept()) != null) {
                    Connection connection = new Connection(c);
                    connection.registration = loop.add(c.fd(), connection);
                    connections.add(connection.registration);
                }
                return true;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ttrpc server {0}: accept failed: {1}", socket, e.getMessage());
                return false;
            }
        }

        @Override
        public void released() {
            server.close();
        }
    }

    /** One client: requests are cut from its stream on the loop and answered from a worker. */
    private final class Connection implements PollLoop.Watcher {
        private final UnixStream client;
        private final FrameDecoder decoder = new FrameDecoder();
        private volatile PollLoop.Registration registration;

        Connection(UnixStream client) {
            this.client = client;
        }

        @Override
        public boolean ready(int fd, byte[] buffer) {
            try {
                int n = client.receive(buffer);
                if (n < 0) {
                    decoder.end();
                    return false;
                }
                decoder.feed(buffer, 0, n, this::request);
                return true;
            } catch (IOException | ProtocolException e) {
                if (!closed) {
                    LOG.log(Level.DEBUG, "ttrpc server {0}: connection ended: {1}", socket, e.getMessage());
                }
                return false;
            }
        }

        private void request(Frame f) {
            if (f.type() != Frame.REQUEST) {
                throw new ProtocolException("a client sent frame type " + f.type());
            }
            try {
                workers.execute(() -> answer(f));
            } catch (RejectedExecutionException stopping) {
                // the server is going away with the daemon; the shim retries its event elsewhere or drops it
            }
        }

        private void answer(Frame f) {
            Envelopes.Response response;
            try {
                Envelopes.Request req = Envelopes.Request.decode(f.payload());
                response = new Envelopes.Response(null, handler.handle(req.service(), req.method(), req.payload()));
            } catch (TtrpcException e) {
                response = new Envelopes.Response(new Envelopes.Status(Math.max(2, e.code()), e.getMessage()), null);
            } catch (RuntimeException e) {
                response = new Envelopes.Response(new Envelopes.Status(2, String.valueOf(e.getMessage())), null);
            }
            try {
                client.send(new Frame(f.streamId(), Frame.RESPONSE, (byte) 0, response.encode()).encode());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "ttrpc server {0}: cannot answer: {1}", socket, e.getMessage());
            }
        }

        @Override
        public void released() {
            PollLoop.Registration r = registration;
            if (r != null) {
                connections.remove(r);
            }
            client.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        listening.cancel();
        connections.forEach(PollLoop.Registration::cancel);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot remove {0}: {1}", socket, e.getMessage());
        }
    }
}
