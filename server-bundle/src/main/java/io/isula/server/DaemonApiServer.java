package io.isula.server;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.DaemonSettings;
import io.isula.server.http.ApiChannelInitializer;
import io.isula.server.http.ApiThreads;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Responses;
import io.isula.server.routes.ApiRoutes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import java.lang.System.Logger.Level;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The daemon API: Docker Engine API over HTTP/1.1 on the daemon's Unix sockets ({@code DaemonSettings.hosts()}).
 * Under OSGi, Declarative Services starts and stops it; elsewhere call {@link #start} and {@link #stop}.
 */
@Component(service = {}, immediate = true)
public class DaemonApiServer {
    private static final System.Logger LOG = System.getLogger(DaemonApiServer.class.getName());

    @Reference
    private ContainerEngine engine;
    @Reference
    private ImageEngine images;
    @Reference
    private DaemonSettings settings;

    private final ServerOptions options;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Path> sockets = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup io;
    private ThreadPoolExecutor calls;
    private ThreadPoolExecutor lasting;
    private ThreadPoolExecutor streamInput;

    public DaemonApiServer() {
        this(ServerOptions.defaults());
    }

    public DaemonApiServer(ServerOptions options) {
        this.options = options;
    }

    @Activate
    void activate() throws IOException {
        start(engine, images, settings);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Listens on every {@code unix://} host of {@code settings}; on failure nothing is left listening. */
    public synchronized void start(ContainerEngine engine, ImageEngine images, DaemonSettings settings) throws IOException {
        if (calls != null) {
            throw new IllegalStateException("the daemon API server is already running");
        }
        Epoll.ensureAvailability();
        List<Path> paths = UnixSocketFiles.paths(settings.hosts(),
                host -> LOG.log(Level.WARNING, "ignoring host {0}: only unix:// sockets are served", host));
        JsonCodec json = new JsonCodec();
        calls = WorkerPool.calls(options.maxWorkers(), options.maxWaitingCalls());
        lasting = WorkerPool.lasting();
        streamInput = WorkerPool.streamInput();
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("isulad-api-accept", true),
                EpollIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("isulad-api-io", true),
                EpollIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, io)
                .channel(EpollServerDomainSocketChannel.class)
                // the API sees a handful of requests a second: pooled arenas would cost more memory than they save
                .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ApiChannelInitializer(ApiRoutes.of(engine, images, json),
                        new ApiThreads(calls, lasting, streamInput),
                        options.maxBodyBytes(),
                        new Responses(json)));
        try {
            for (Path path : paths) {
                listen(bootstrap, path);
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void listen(ServerBootstrap bootstrap, Path path) throws IOException {
        UnixSocketFiles.prepare(path);
        ChannelFuture bound = bootstrap.bind(new DomainSocketAddress(path.toFile())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + path + ": " + bound.cause().getMessage(), bound.cause());
        }
        listeners.add(bound.channel());
        sockets.add(path);
        UnixSocketFiles.restrict(path);
        LOG.log(Level.INFO, "daemon API listening on unix://{0}", path);
    }

    /** Stops listening, ends open connections and removes the socket files. */
    public synchronized void stop() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        listeners.clear();
        sockets.forEach(UnixSocketFiles::remove);
        sockets.clear();
        // engine calls first: a stream still writing must not find its event loop gone
        if (calls != null) {
            calls.shutdownNow();
            lasting.shutdownNow();
            awaitQuietly(calls);
            awaitQuietly(lasting);
            calls = null;
            lasting = null;
        }
        if (streamInput != null) {
            streamInput.shutdownNow();
            streamInput = null;
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            acceptors = null;
        }
        if (io != null) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            io = null;
        }
    }

    private static void awaitQuietly(ThreadPoolExecutor pool) {
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "{0} engine calls still running after the daemon API stopped", pool.getActiveCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The socket files currently listened on. */
    public synchronized List<Path> sockets() {
        return List.copyOf(sockets);
    }
}
