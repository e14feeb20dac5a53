package io.isula.image.oci.archive;

import java.io.IOException;

/** The archive being loaded is invalid: not a tar, a bad manifest, a missing or truncated entry, a bad digest. */
public class ArchiveException extends IOException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
