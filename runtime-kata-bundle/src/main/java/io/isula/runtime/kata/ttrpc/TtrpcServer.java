package io.isula.runtime.kata.ttrpc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small ttrpc server on a Unix socket (the engine's events endpoint, {@code TTRPC_ADDRESS}): one thread per
 * connection, requests answered in order.
 */
public final class TtrpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TtrpcServer.class.getName());

    /** Serves one method; throws {@link TtrpcException} to answer with its code. */
    public interface Handler {
        byte[] handle(String service, String method, byte[] payload) throws TtrpcException;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    private TtrpcServer(Path socket, ServerSocketChannel server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        Thread acceptor = new Thread(this::acceptLoop, "ttrpc-server " + socket);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code socket} (a stale socket file there is replaced). */
    public static TtrpcServer listen(Path socket, Handler handler) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new TtrpcServer(socket, ch, handler);
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                connections.add(c);
                Thread t = new Thread(() -> serve(c), "ttrpc-server-conn " + socket);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "ttrpc server {0}: accept failed: {1}", socket, e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            Frame f;
            while ((f = Frame.read(c)) != null) {
                if (f.type() != Frame.REQUEST) {
                    throw new ProtocolException("a client sent frame type " + f.type());
                }
                Envelopes.Response response;
                try {
                    Envelopes.Request req = Envelopes.Request.decode(f.payload());
                    response = new Envelopes.Response(null, handler.handle(req.service(), req.method(), req.payload()));
                } catch (TtrpcException e) {
                    response = new Envelopes.Response(new Envelopes.Status(Math.max(2, e.code()), e.getMessage()), null);
                } catch (RuntimeException e) {
                    response = new Envelopes.Response(new Envelopes.Status(2, String.valueOf(e.getMessage())), null);
                }
                synchronized (c) {
                    new Frame(f.streamId(), Frame.RESPONSE, (byte) 0, response.encode()).write(c);
                }
            }
        } catch (IOException | ProtocolException e) {
            if (server.isOpen()) {
                LOG.log(Level.DEBUG, "ttrpc server {0}: connection ended: {1}", socket, e.getMessage());
            }
        } finally {
            connections.remove(c);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : connections) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot remove {0}: {1}", socket, e.getMessage());
        }
    }
}
