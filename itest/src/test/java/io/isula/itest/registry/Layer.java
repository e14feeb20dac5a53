package io.isula.itest.registry;

/** A layer written to a layout: its blob (compressed as {@code compression}) and the digest of its plain tar. */
public record Layer(Descriptor blob, String diffId, Compression compression) {
    public String digest() {
        return blob.digest();
    }
}
