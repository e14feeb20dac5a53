package io.isula.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Map;

/** A routed request, detached from Netty's buffers so it can be handled on a worker thread. */
public record ApiRequest(HttpMethod method, String path, Map<String, String> pathParams, QueryParams query,
                         HttpHeaders headers, byte[] body) {

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
