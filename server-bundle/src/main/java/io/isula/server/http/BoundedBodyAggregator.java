package io.isula.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/** Collects a request body up to a limit; a larger one gets a JSON 413 and the connection is closed. */
public final class BoundedBodyAggregator extends HttpObjectAggregator {
    private final Responses responses;

    public BoundedBodyAggregator(int maxBodyBytes, Responses responses) {
        super(maxBodyBytes);
        this.responses = responses;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // the rest of the body may still be on its way, so the connection cannot be reused
        FullHttpResponse r = responses.error(new ApiError(413,
                "request body is too large: the limit is " + maxContentLength() + " bytes"));
        HttpUtil.setKeepAlive(r, false);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
