package io.isula.image.oci.store;

import java.io.IOException;
import java.io.InputStream;

/** Where a layer's bytes come from (a blob file, an archive entry); opened only when the layer must be unpacked. */
@FunctionalInterface
public interface LayerSource {
    InputStream open() throws IOException;
}
