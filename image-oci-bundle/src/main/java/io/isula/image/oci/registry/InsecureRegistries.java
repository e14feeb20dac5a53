package io.isula.image.oci.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * daemon.json {@code insecure-registries}: registries reached with unverified TLS, or plain HTTP when TLS fails.
 * An entry is {@code host}, {@code host:port} or a CIDR; a host without port matches every port of it. A name is
 * resolved to check it against the CIDRs, as Docker does, so {@code localhost:5000} falls in {@code 127.0.0.0/8}.
 */
public record InsecureRegistries(List<String> hosts, List<Cidr> cidrs) {
    /** What Docker treats as insecure without configuration: the loopback networks. */
    public static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    public InsecureRegistries {
        hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        cidrs = List.copyOf(cidrs);
    }

    public static InsecureRegistries none() {
        return new InsecureRegistries(List.of(), List.of());
    }

    /** Whether {@code authority} ({@code host[:port]}) is an insecure registry. */
    public boolean isInsecure(String authority) {
        HostPort hp = HostPort.parse(authority);
        if (hp == null) {
            return false;
        }
        String exact = authority.toLowerCase(Locale.ROOT);
        for (String entry : hosts) {
            if (entry.equals(exact) || entry.equals(hp.host()) || entry.equals("[" + hp.host() + "]")) {
                return true;
            }
        }
        if (cidrs.isEmpty()) {
            return false;
        }
        InetAddress[] addresses;
        try {
            addresses = hp.isIpLiteral() ? new InetAddress[]{InetAddress.getByName(hp.host())} : InetAddress.getAllByName(hp.host());
        } catch (UnknownHostException e) {
            return false;
        }
        for (InetAddress address : addresses) {
            for (Cidr cidr : cidrs) {
                if (cidr.contains(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An IPv4 or IPv6 network, {@code address/prefix}. */
    public record Cidr(byte[] network, int prefix, String text) {
        /** Parses {@code a.b.c.d/n} or {@code v6/n}; an {@link IllegalArgumentException} when malformed. */
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("invalid CIDR " + text);
            }
            String address = text.substring(0, slash);
            if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("invalid CIDR " + text + ": not an IP address");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid CIDR " + text + ": not an IP address");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR " + text + ": bad prefix length");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("invalid CIDR " + text + ": prefix length out of range");
            }
            return new Cidr(bytes, prefix, text);
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            if (!Arrays.equals(Arrays.copyOf(candidate, full), Arrays.copyOf(network, full))) {
                return false;
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
