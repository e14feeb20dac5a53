package io.isula.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/** The socket files the daemon listens on: where they are, clearing stale ones, who may connect. */
final class UnixSocketFiles {
    static final String DEFAULT_HOST = "unix:///var/run/isulad.sock";
    private static final String UNIX = "unix://";
    // iSulad hands its socket to this group when it exists, as Docker does with "docker"
    private static final String SOCKET_GROUP = "isula";

    private UnixSocketFiles() {
    }

    /** The unix socket paths among {@code hosts} (the default when none is given); other schemes are skipped. */
    static List<Path> paths(List<String> hosts, java.util.function.Consumer<String> skipped) {
        List<String> all = hosts == null || hosts.isEmpty() ? List.of(DEFAULT_HOST) : hosts;
        List<Path> paths = new ArrayList<>();
        for (String host : all) {
            if (host.startsWith(UNIX) && host.length() > UNIX.length()) {
                paths.add(Path.of(host.substring(UNIX.length())));
            } else {
                skipped.accept(host);
            }
        }
        return paths;
    }

    /** Creates the parent folder and removes a socket file left by a daemon that is gone. */
    static void prepare(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot listen on " + socket + ": it is a directory");
        }
        if (answers(socket)) {
            throw new IOException("cannot listen on " + socket + ": another daemon is listening on it");
        }
        Files.delete(socket);
    }

    /** Mode 0660 and, if the group exists, group {@value #SOCKET_GROUP}. */
    static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        try {
            GroupPrincipal group = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(SOCKET_GROUP);
            Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
        } catch (UserPrincipalNotFoundException ignored) {
            // no such group: root only
        }
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the daemon is stopping; a leftover file is cleared by the next start
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
