package io.isula.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Sits before the body aggregator: a request for a streaming route ({@link Router#addStreaming}) goes on at once
 * as a {@link StreamingRequest}, and its body chunks feed that request's {@link BodyStream} instead of being
 * collected. Other requests pass through untouched.
 */
final class StreamingBodyHandler extends ChannelDuplexHandler {
    private final Router router;
    private BodyStream current;

    StreamingBodyHandler(Router router) {
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && !(msg instanceof FullHttpRequest) && current == null
                && request.decoderResult().isSuccess()
                && router.match(request.method(), request.uri()).map(Router.Match::streaming).orElse(false)) {
            current = new BodyStream(ctx.channel());
            if (HttpUtil.is100ContinueExpected(request)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
            ctx.fireChannelRead(new StreamingRequest(request, current));
            if (msg instanceof HttpContent content) {
                feed(content);
            }
            return;
        }
        if (current != null && msg instanceof HttpContent content) {
            feed(content);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void feed(HttpContent content) {
        BodyStream body = current;
        if (content.content().isReadable()) {
            body.offer(content.content().retain());
        }
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            body.end();
            current = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.fail("the client closed the connection before the request body ended");
            current = null;
        }
        super.channelInactive(ctx);
    }
}
