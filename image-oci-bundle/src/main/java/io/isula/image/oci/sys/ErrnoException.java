package io.isula.image.oci.sys;

import java.io.IOException;

/** A failed system call: the operation, the path it worked on and the C library's text for errno. */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public ErrnoException(String operation, String path, int errno, String reason) {
        super(operation + " " + path + ": " + reason);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
