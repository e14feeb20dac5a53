package io.isula.core.internal.archive;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A directory held open by descriptor ({@code O_PATH}), so that operations on its entries go through
 * {@code /proc/self/fd/N/NAME}: the directory itself is never looked up by path again, and a container process that
 * swaps one of its parents for a symbolic link cannot redirect them. Directories are reached with openat2:
 * {@link #resolveInRoot} follows the container's symbolic links as if its root were {@code /}
 * ({@code RESOLVE_IN_ROOT}); {@link #child} refuses any link ({@code RESOLVE_NO_SYMLINKS}).
 */
final class PinnedDir implements AutoCloseable {
    private static final long SYS_OPENAT2 = 437;
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    interface Libc extends Library {
        int open(String path, int flags, int mode);

        NativeLong syscall(NativeLong number, int dirfd, String path, byte[] how, NativeLong size);

        int close(int fd);

        String strerror(int errno);
    }

    /** The errno of a failed open, for the caller to tell "not there" (2) from "not a directory" (20) and others. */
    static final class OpenFailure extends IOException {
        final int errno;

        OpenFailure(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    static final int ENOENT = 2;
    static final int ENOTDIR = 20;
    static final int ELOOP = 40;

    private final Libc c;
    private final int fd;
    private final String label;
    private boolean closed;

    private PinnedDir(Libc c, int fd, String label) {
        this.c = c;
        this.fd = fd;
        this.label = label;
    }

    /** A container's root directory on the host. */
    static PinnedDir root(Path hostRoot) throws IOException {
        Libc c = Native.load("c", Libc.class);
        int fd = c.open(hostRoot.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new OpenFailure(errno, "cannot open the container's root " + hostRoot + ": " + c.strerror(errno));
        }
        return new PinnedDir(c, fd, "/");
    }

    /** The directory at {@code containerPath}, its symbolic links followed inside this root (as {@code chroot} would). */
    PinnedDir resolveInRoot(String containerPath) throws IOException {
        return open(containerPath.isEmpty() ? "/" : containerPath, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0, containerPath);
    }

    /** The subdirectory {@code name}; a symbolic link there is refused. */
    PinnedDir child(String name) throws IOException {
        return open(name, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, O_NOFOLLOW,
                label.endsWith("/") ? label + name : label + "/" + name);
    }

    private PinnedDir open(String path, long resolve, int extraFlags, String newLabel) throws IOException {
        ByteBuffer how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        how.putLong(O_PATH | O_DIRECTORY | O_CLOEXEC | extraFlags).putLong(0).putLong(resolve);
        while (true) {
            long r = c.syscall(new NativeLong(SYS_OPENAT2), fd, path, how.array(), new NativeLong(24)).longValue();
            if (r >= 0) {
                return new PinnedDir(c, (int) r, newLabel);
            }
            int errno = Native.getLastError();
            if (errno != EINTR && errno != EAGAIN) {
                throw new OpenFailure(errno, newLabel + ": " + c.strerror(errno));
            }
        }
    }

    /** The host path of an entry of this directory: {@code /proc/self/fd/N/name} (or the directory itself). */
    Path entry(String name) {
        Path self = Path.of("/proc/self/fd", Integer.toString(fd));
        return name == null || name.isEmpty() ? self : self.resolve(name);
    }

    /** Where this directory is in the container, for messages. */
    String label() {
        return label;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            c.close(fd);
        }
    }
}
