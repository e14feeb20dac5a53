package io.isula.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.io.InputStream;
import java.util.Map;

/** A routed request, detached from Netty's buffers so it can be handled on a worker thread. */
public record ApiRequest(HttpMethod method, String path, Map<String, String> pathParams, QueryParams query,
                         HttpHeaders headers, byte[] body, InputStream bodyStream) {

    public ApiRequest(HttpMethod method, String path, Map<String, String> pathParams, QueryParams query,
                      HttpHeaders headers, byte[] body) {
        this(method, path, pathParams, query, headers, body, InputStream.nullInputStream());
    }

    public String param(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no parameter " + name);
        }
        return v;
    }

    public boolean hasBody() {
        return body.length > 0;
    }
}
