package io.isula.image.oci.layer;

/** A layer that cannot be unpacked safely: bad tar, unknown compression, an entry escaping its directory. */
public class LayerException extends RuntimeException {
    public LayerException(String message) {
        super(message);
    }

    public LayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
