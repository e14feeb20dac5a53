package io.isula.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each complete request and hands it to a thread of {@link ApiThreads}, so engine calls never block the event
 * loop.
 * Requests on one connection are answered in order: a pipelined request waits until the one before it is done.
 */
public final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
    private static final int MAX_PIPELINED = 16;

    private final Router router;
    private final ApiThreads threads;
    private final Responses responses;
    private final ErrorMapper errors;
    private final Deque<Object> waiting = new ArrayDeque<>();
    private HttpExchange current;

    public RequestDispatcher(Router router, ApiThreads threads, Responses responses, ErrorMapper errors) {
        this.router = router;
        this.threads = threads;
        this.responses = responses;
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object request) {
        if (!(request instanceof FullHttpRequest) && !(request instanceof StreamingRequest)) {
            ReferenceCountUtil.release(request);
            return;
        }
        if (current == null) {
            dispatch(ctx, request);
        } else if (waiting.size() < MAX_PIPELINED) {
            waiting.add(request);
        } else {
            release(request);
            ctx.close();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Object message) {
        if (message instanceof StreamingRequest streaming) {
            dispatchStreaming(ctx, streaming);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) message;
        boolean valid = request.decoderResult().isSuccess();
        HttpExchange exchange = new HttpExchange(ctx.channel(), responses, valid && HttpUtil.isKeepAlive(request),
                () -> ctx.executor().execute(() -> completed(ctx)), threads.streamInput());
        current = exchange;
        ApiRequest api;
        Router.Match route;
        try {
            if (!valid) {
                exchange.sendError(new ApiError(400, "malformed HTTP request: " + request.decoderResult().cause().getMessage()));
                return;
            }
            Optional<Router.Match> match = router.match(request.method(), request.uri());
            if (match.isEmpty()) {
                exchange.sendError(new ApiError(404, "page not found"));
                return;
            }
            route = match.get();
            api = new ApiRequest(request.method(), new QueryStringDecoder(request.uri()).rawPath(), match.get().params(),
                    QueryParams.of(request.uri()), request.headers().copy(), ByteBufUtil.getBytes(request.content()));
        } finally {
            request.release();
        }
        submit(exchange, route, api);
    }

    /** A streaming route was matched already; its body arrives while the route runs. */
    private void dispatchStreaming(ChannelHandlerContext ctx, StreamingRequest streaming) {
        HttpRequest head = streaming.head();
        HttpExchange exchange = new HttpExchange(ctx.channel(), responses, HttpUtil.isKeepAlive(head),
                () -> ctx.executor().execute(() -> completed(ctx)), threads.streamInput());
        current = exchange;
        Router.Match match = router.match(head.method(), head.uri()).orElseThrow();
        ApiRequest api = new ApiRequest(head.method(), new QueryStringDecoder(head.uri()).rawPath(), match.params(),
                QueryParams.of(head.uri()), head.headers().copy(), new byte[0], streaming.body());
        submit(exchange, match, api);
    }

    private void submit(HttpExchange exchange, Router.Match route, ApiRequest api) {
        Executor executor = route.lasting() ? threads.lasting() : threads.calls();
        try {
            executor.execute(() -> {
                try {
                    exchange.run(route.route(), api, errors);
                } finally {
                    closeQuietly(api.bodyStream());
                }
            });
        } catch (RejectedExecutionException e) {
            closeQuietly(api.bodyStream());
            exchange.sendError(new ApiError(503, "the daemon is busy, try again later"));
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing is left to free
        }
    }

    private void completed(ChannelHandlerContext ctx) {
        current = null;
        if (!ctx.channel().isActive()) {
            releaseWaiting();
            return;
        }
        Object next = waiting.poll();
        if (next != null) {
            dispatch(ctx, next);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.disconnected();
        }
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "connection closed after an error", cause);
        ctx.close();
    }

    private void releaseWaiting() {
        Object r;
        while ((r = waiting.poll()) != null) {
            release(r);
        }
    }

    private static void release(Object request) {
        if (request instanceof StreamingRequest streaming) {
            streaming.body().close();
        } else {
            ReferenceCountUtil.release(request);
        }
    }
}
