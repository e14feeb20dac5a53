package io.isula.core.util.conmon;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few C library calls the JDK has no API for: SOCK_SEQPACKET sockets (conmon's attach socket), mkfifo,
 * non-blocking opens and polls of FIFOs (conmon's sync, start and ctl pipes), Unix stream sockets and pipes as
 * plain descriptors, so that one poll(2) loop can watch sockets and FIFOs together, and pseudo-terminals with a
 * descriptor passed over a socket (a terminal for conmon's console socket). Calls return -1 on failure; the
 * error is {@link Native#getLastError()}.
 */
public interface Libc extends Library {
    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int MSG_NOSIGNAL = 0x4000;
    int MSG_DONTWAIT = 0x40;
    int SHUT_WR = 1;
    int SHUT_RDWR = 2;
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int O_NOCTTY = 0x100;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    long TIOCSWINSZ = 0x5414;
    long TIOCGWINSZ = 0x5413;
    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int EINTR = 4;
    int EAGAIN = 11;
    int ENOENT = 2;
    int ECONNREFUSED = 111;
    int ENXIO = 6;

    Libc C = Native.load("c", Libc.class);

    int socket(int domain, int type, int protocol);

    int connect(int fd, byte[] address, int length);

    int bind(int fd, byte[] address, int length);

    int listen(int fd, int backlog);

    /** {@code address} and {@code length} may be null (the peer's address is not wanted). */
    int accept4(int fd, com.sun.jna.Pointer address, com.sun.jna.Pointer length, int flags);

    /** {@code fds} gets the read end, then the write end. */
    int pipe2(int[] fds, int flags);

    long send(int fd, byte[] buffer, long length, int flags);

    long recv(int fd, byte[] buffer, long length, int flags);

    int shutdown(int fd, int how);

    int close(int fd);

    int mkfifo(String path, int mode);

    int open(String path, int flags, int mode);

    long read(int fd, byte[] buffer, long length);

    long write(int fd, byte[] buffer, long length);

    /** {@code fds} holds {@code struct pollfd}s as int pairs: fd, then events in the low and revents in the high half. */
    int poll(int[] fds, long count, int timeoutMillis);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    int ptsname_r(int fd, byte[] buffer, long length);

    /** {@code winsize} is {@code struct winsize}: rows, columns, x and y pixels. */
    int ioctl(int fd, long request, short[] winsize);

    /** {@code message} is a {@code struct msghdr}. */
    long sendmsg(int fd, com.sun.jna.Pointer message, int flags);

    String strerror(int errno);

    static String error(int errno) {
        String s = C.strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}
