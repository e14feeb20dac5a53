package io.isula.core.internal.spec;

import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --dns}, {@code --dns-search}, {@code --dns-opt} and {@code --add-host NAME:IP}, checked: what the container's
 * resolv.conf and hosts will hold besides the defaults.
 */
public record NameResolution(List<String> nameservers, List<String> search, List<String> options,
                             List<String[]> extraHosts) {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern DNS_OPTION = Pattern.compile("[A-Za-z0-9_-]+(:[0-9]+)?");

    public static NameResolution none() {
        return new NameResolution(List.of(), List.of(), List.of(), List.of());
    }

    public boolean customResolv() {
        return !nameservers.isEmpty() || !search.isEmpty() || !options.isEmpty();
    }

    public static NameResolution of(HostConfig h) {
        List<String> dns = h.dns() == null ? List.of() : h.dns();
        for (String ip : dns) {
            if (!isIp(ip)) {
                throw EngineException.invalid(ip + " is not an ip address");
            }
        }
        List<String> search = h.dnsSearch() == null ? List.of() : h.dnsSearch();
        for (String s : search) {
            if (!s.equals(".") && !HOSTNAME.matcher(s).matches()) {
                throw EngineException.invalid(s + " is not a valid domain");
            }
        }
        List<String> opts = h.dnsOptions() == null ? List.of() : h.dnsOptions();
        for (String o : opts) {
            if (!DNS_OPTION.matcher(o).matches()) {
                throw EngineException.invalid("Invalid dns option: " + o);
            }
        }
        List<String[]> hosts = new ArrayList<>();
        if (h.extraHosts() != null) {
            for (String e : h.extraHosts()) {
                int colon = e == null ? -1 : e.indexOf(':');
                if (colon <= 0) {
                    throw EngineException.invalid("invalid argument \"" + e + "\" for add-host: use HOST:IP");
                }
                String name = e.substring(0, colon);
                String ip = e.substring(colon + 1);
                if (!HOSTNAME.matcher(name).matches()) {
                    throw EngineException.invalid("invalid host name \"" + name + "\" in add-host \"" + e + "\"");
                }
                if (!isIp(ip)) {
                    throw EngineException.invalid("invalid IP address in add-host: \"" + ip + "\"");
                }
                hosts.add(new String[] {name, ip});
            }
        }
        return new NameResolution(List.copyOf(dns), List.copyOf(search), List.copyOf(opts), List.copyOf(hosts));
    }

    /** A literal IPv4 or IPv6 address (never a name: nothing is looked up). */
    static boolean isIp(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(s);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
