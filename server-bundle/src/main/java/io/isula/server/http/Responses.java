package io.isula.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds complete responses. */
public final class Responses {
    private final JsonCodec json;

    public Responses(JsonCodec json) {
        this.json = json;
    }

    public FullHttpResponse json(int status, Object body) {
        return withBody(status, Unpooled.wrappedBuffer(json.write(body)), HttpHeaderValues.APPLICATION_JSON);
    }

    public FullHttpResponse text(int status, String body) {
        return withBody(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** No body: 204, 304, or a HEAD answer. */
    public FullHttpResponse empty(int status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        if (status != 204 && status != 304) {
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return r;
    }

    /** Docker's error body; a 304 carries none. */
    public FullHttpResponse error(ApiError error) {
        return error.status() == 304 ? empty(304) : json(error.status(), Map.of("message", error.message()));
    }

    private static FullHttpResponse withBody(int status, ByteBuf content, CharSequence contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }
}
