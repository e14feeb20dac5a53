package io.isula.image.oci.layer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * File names as they are on disk and in tar headers: bytes, not necessarily UTF-8. Inside this package a name is
 * a String holding one char per byte (ISO-8859-1), so that '/' and '.' work as usual and no byte is lost or
 * replaced whatever the JVM's locale; {@link #display} turns it back into text for messages.
 */
final class Names {
    static final Charset BYTES = StandardCharsets.ISO_8859_1;

    private Names() {
    }

    static String of(byte[] raw) {
        return new String(raw, BYTES);
    }

    static byte[] bytes(String name) {
        return name.getBytes(BYTES);
    }

    /** The name as UTF-8 text (invalid sequences shown as U+FFFD). */
    static String display(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
