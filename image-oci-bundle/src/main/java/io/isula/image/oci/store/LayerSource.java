package io.isula.image.oci.store;

import java.io.IOException;
import java.io.InputStream;

/** Where a layer's bytes come from (a blob file, an archive entry); opened only when the layer must be unpacked. */
@FunctionalInterface
public interface LayerSource {
    InputStream open() throws IOException;

    /**
     * Whether whoever delivers the bytes checks them against the blob's digest before their end can be read (a
     * download that verifies what it wrote): the store then records the digest without hashing them again.
     */
    default boolean checksDigest() {
        return false;
    }

    /** {@code source}, whose bytes are checked against the blob's digest before their end can be read. */
    static LayerSource digestChecked(LayerSource source) {
        return new LayerSource() {
            @Override
            public InputStream open() throws IOException {
                return source.open();
            }

            @Override
            public boolean checksDigest() {
                return true;
            }
        };
    }
}
