package io.isula.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each complete request and hands it to a worker thread, so engine calls never block the event loop.
 * Requests on one connection are answered in order: a pipelined request waits until the one before it is done.
 */
public final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
    private static final int MAX_PIPELINED = 16;

    private final Router router;
    private final Executor workers;
    private final Executor streamInput;
    private final Responses responses;
    private final ErrorMapper errors;
    private final Deque<FullHttpRequest> waiting = new ArrayDeque<>();
    private HttpExchange current;

    public RequestDispatcher(Router router, Executor workers, Responses responses, ErrorMapper errors) {
        this(router, workers, workers, responses, errors);
    }

    public RequestDispatcher(Router router, Executor workers, Executor streamInput, Responses responses,
                             ErrorMapper errors) {
        super(FullHttpRequest.class, false);
        this.router = router;
        this.workers = workers;
        this.streamInput = streamInput;
        this.responses = responses;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (current == null) {
            dispatch(ctx, request);
        } else if (waiting.size() < MAX_PIPELINED) {
            waiting.add(request);
        } else {
            request.release();
            ctx.close();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean valid = request.decoderResult().isSuccess();
        HttpExchange exchange = new HttpExchange(ctx.channel(), responses, valid && HttpUtil.isKeepAlive(request),
                () -> ctx.executor().execute(() -> completed(ctx)), streamInput);
        current = exchange;
        ApiRequest api;
        Route route;
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
            route = match.get().route();
            api = new ApiRequest(request.method(), new QueryStringDecoder(request.uri()).rawPath(), match.get().params(),
                    QueryParams.of(request.uri()), request.headers().copy(), ByteBufUtil.getBytes(request.content()));
        } finally {
            request.release();
        }
        try {
            workers.execute(() -> exchange.run(route, api, errors));
        } catch (RejectedExecutionException e) {
            exchange.sendError(new ApiError(503, "the daemon is busy, try again later"));
        }
    }

    private void completed(ChannelHandlerContext ctx) {
        current = null;
        if (!ctx.channel().isActive()) {
            releaseWaiting();
            return;
        }
        FullHttpRequest next = waiting.poll();
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
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }
}
