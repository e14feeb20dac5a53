package io.isula.image.oci.registry;

import java.util.Locale;

/** A registry's {@code host[:port]} as written in references and settings ({@code [v6]:port} for IPv6). */
record HostPort(String host, int port) {
    /** Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; null when malformed. */
    static HostPort parse(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String host;
        String rest;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(1, close);
            rest = authority.substring(close + 1);
            if (!host.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            rest = colon < 0 ? "" : authority.substring(colon);
            if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?")) {
                return null;
            }
        }
        int port = -1;
        if (!rest.isEmpty()) {
            if (!rest.matches(":[0-9]{1,5}")) {
                return null;
            }
            port = Integer.parseInt(rest.substring(1));
            if (port == 0 || port > 65535) {
                return null;
            }
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    boolean isIpLiteral() {
        return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
