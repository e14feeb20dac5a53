/*
 * The isula client's connection to the daemon: a Unix stream socket through plain system calls.
 * The JDK's own Unix-domain channels initialise its security providers on first use (the SecureRandom behind
 * sun.nio.ch.UnixDomainSockets), which costs a short-lived client ~20 ms of every command; this costs ~1 ms.
 * Errors are thrown as java.io.IOException carrying strerror's text, as the JDK's channels do.
 */
#include <jni.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define COPY_BYTES (32 * 1024)

static void throw_io(JNIEnv *env, const char *what, int err) {
    char message[256];
    jclass type = (*env)->FindClass(env, "java/io/IOException");
    if (type == NULL) {
        return;
    }
    if (what != NULL) {
        snprintf(message, sizeof message, "%s: %s", what, strerror(err));
    } else {
        snprintf(message, sizeof message, "%s", strerror(err));
    }
    (*env)->ThrowNew(env, type, message);
}

JNIEXPORT jint JNICALL Java_io_isula_cli_http_NativeDaemonSocket_connect0(JNIEnv *env, jclass cls, jbyteArray path) {
    struct sockaddr_un addr;
    jsize length = (*env)->GetArrayLength(env, path);
    int fd;
    if (length <= 0 || (size_t) length >= sizeof addr.sun_path) {
        throw_io(env, "the socket's path is empty or longer than a Unix socket address holds", ENAMETOOLONG);
        return -1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    (*env)->GetByteArrayRegion(env, path, 0, length, (jbyte *) addr.sun_path);
    if (memchr(addr.sun_path, 0, (size_t) length) != NULL) {
        throw_io(env, "the socket's path holds a NUL byte", EINVAL);
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw_io(env, NULL, errno);
        return -1;
    }
    while (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
        int err = errno;
        if (err == EINTR) {
            continue;
        }
        close(fd);
        throw_io(env, NULL, err);
        return -1;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_io_isula_cli_http_NativeDaemonSocket_read0(JNIEnv *env, jclass cls, jint fd,
                                                                       jbyteArray data, jint offset, jint length) {
    char buffer[COPY_BYTES];
    ssize_t n;
    if (length > COPY_BYTES) {
        length = COPY_BYTES;
    }
    do {
        n = read(fd, buffer, (size_t) length);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_io(env, NULL, errno);
        return -1;
    }
    if (n == 0) {
        return -1;
    }
    (*env)->SetByteArrayRegion(env, data, offset, (jsize) n, (const jbyte *) buffer);
    return (jint) n;
}

JNIEXPORT void JNICALL Java_io_isula_cli_http_NativeDaemonSocket_write0(JNIEnv *env, jclass cls, jint fd,
                                                                        jbyteArray data, jint offset, jint length) {
    char buffer[COPY_BYTES];
    while (length > 0) {
        jint chunk = length < COPY_BYTES ? length : COPY_BYTES;
        jint sent = 0;
        (*env)->GetByteArrayRegion(env, data, offset, chunk, (jbyte *) buffer);
        while (sent < chunk) {
            /* MSG_NOSIGNAL: a daemon gone away is an EPIPE error here, not a SIGPIPE for the whole client */
            ssize_t n = send(fd, buffer + sent, (size_t) (chunk - sent), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                throw_io(env, NULL, errno);
                return;
            }
            sent += (jint) n;
        }
        offset += chunk;
        length -= chunk;
    }
}

JNIEXPORT jint JNICALL Java_io_isula_cli_http_NativeDaemonSocket_available0(JNIEnv *env, jclass cls, jint fd) {
    int n = 0;
    if (ioctl(fd, FIONREAD, &n) < 0) {
        throw_io(env, NULL, errno);
        return 0;
    }
    return n;
}

JNIEXPORT void JNICALL Java_io_isula_cli_http_NativeDaemonSocket_shutdown0(JNIEnv *env, jclass cls, jint fd,
                                                                           jboolean both) {
    if (shutdown(fd, both ? SHUT_RDWR : SHUT_WR) < 0 && errno != ENOTCONN) {
        throw_io(env, NULL, errno);
    }
}

JNIEXPORT void JNICALL Java_io_isula_cli_http_NativeDaemonSocket_close0(JNIEnv *env, jclass cls, jint fd) {
    close(fd);
}
