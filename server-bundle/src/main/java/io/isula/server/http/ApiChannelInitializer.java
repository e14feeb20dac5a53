package io.isula.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** The pipeline of one client connection: HTTP/1.1 codec, keep-alive, bounded body, dispatch. */
public final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    // long enough for Docker's JSON filters in the query string
    private static final int MAX_LINE_AND_HEADERS = 64 * 1024;

    private final Router router;
    private final ApiThreads threads;
    private final int maxBodyBytes;
    private final Responses responses;
    private final ErrorMapper errors = new ErrorMapper();

    public ApiChannelInitializer(Router router, ApiThreads threads, int maxBodyBytes, Responses responses) {
        this.router = router;
        this.threads = threads;
        this.maxBodyBytes = maxBodyBytes;
        this.responses = responses;
    }

    @Override
    protected void initChannel(Channel ch) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_LINE_AND_HEADERS)
                .setMaxHeaderSize(MAX_LINE_AND_HEADERS);
        ch.pipeline()
                .addLast("http", new HttpServerCodec(decoder))
                .addLast("keep-alive", new HttpServerKeepAliveHandler())
                .addLast("upload", new StreamingBodyHandler(router))
                .addLast("body", new BoundedBodyAggregator(maxBodyBytes, responses))
                .addLast("api", new RequestDispatcher(router, threads, responses, errors));
    }
}
