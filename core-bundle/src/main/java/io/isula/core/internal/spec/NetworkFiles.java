package io.isula.core.internal.spec;

import io.isula.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** Writes a container's hostname, hosts and resolv.conf into its bundle directory (derived files: not synced). */
public final class NetworkFiles {
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    public void write(Path bundleDir, String hostname) throws IOException {
        write(bundleDir, hostname, NameResolution.none());
    }

    /** With {@code --dns*} the resolv.conf lines given replace the host's of the same kind; {@code --add-host} lines are appended to hosts. */
    public void write(Path bundleDir, String hostname, NameResolution names) throws IOException {
        AtomicFiles.replaceUnsynced(bundleDir.resolve("hostname"), hostname + "\n");
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
                + "127.0.0.1\t" + hostname + "\n");
        for (String[] h : names.extraHosts()) {
            hosts.append(h[1]).append('\t').append(h[0]).append('\n');
        }
        AtomicFiles.replaceUnsynced(bundleDir.resolve("hosts"), hosts.toString());
        AtomicFiles.replaceUnsynced(bundleDir.resolve("resolv.conf"), resolvConf(hostResolv(), names));
        // every user of the container reads them (the temporary files they were written as are private)
        for (String f : List.of("hostname", "hosts", "resolv.conf")) {
            Files.setPosixFilePermissions(bundleDir.resolve(f), READABLE);
        }
    }

    private static String hostResolv() throws IOException {
        return Files.isRegularFile(HOST_RESOLV) ? Files.readString(HOST_RESOLV) : "";
    }

    static String resolvConf(String host, NameResolution names) {
        if (!names.customResolv()) {
            if (host.lines().noneMatch(l -> l.startsWith("nameserver"))) {
                return host + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
            }
            return host;
        }
        StringBuilder out = new StringBuilder();
        List<String> hostLines = host.lines().toList();
        if (names.nameservers().isEmpty()) {
            hostLines.stream().filter(l -> l.startsWith("nameserver")).forEach(l -> out.append(l).append('\n'));
        } else {
            names.nameservers().forEach(ns -> out.append("nameserver ").append(ns).append('\n'));
        }
        if (!names.search().isEmpty()) {
            if (!names.search().equals(List.of("."))) {
                out.append("search ").append(String.join(" ", names.search())).append('\n');
            }
        } else {
            hostLines.stream().filter(l -> l.startsWith("search") || l.startsWith("domain"))
                    .forEach(l -> out.append(l).append('\n'));
        }
        if (!names.options().isEmpty()) {
            out.append("options ").append(String.join(" ", names.options())).append('\n');
        } else {
            hostLines.stream().filter(l -> l.startsWith("options")).forEach(l -> out.append(l).append('\n'));
        }
        if (out.indexOf("nameserver") < 0) {
            out.insert(0, "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        }
        return out.toString();
    }
}
