package io.isula.core.internal.spec;

import io.isula.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a container's hostname, hosts and resolv.conf into its bundle directory (derived files: not synced). */
public final class NetworkFiles {
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");

    public void write(Path bundleDir, String hostname) throws IOException {
        AtomicFiles.replaceUnsynced(bundleDir.resolve("hostname"), hostname + "\n");
        AtomicFiles.replaceUnsynced(bundleDir.resolve("hosts"), "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
                + "127.0.0.1\t" + hostname + "\n");
        String resolv = Files.isRegularFile(HOST_RESOLV) ? Files.readString(HOST_RESOLV) : "";
        if (resolv.lines().noneMatch(l -> l.startsWith("nameserver"))) {
            resolv = resolv + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
        }
        AtomicFiles.replaceUnsynced(bundleDir.resolve("resolv.conf"), resolv);
    }
}
