package io.isula.image.oci.layer;

import com.github.luben.zstd.ZstdInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** How a layer blob is compressed, told by its first bytes (the media type may lie or be absent). */
enum Compression {
    NONE, GZIP, ZSTD;

    private static final int BUFFER = 64 * 1024;

    /** Looks at the first bytes of {@code in} (which must support mark/reset) without consuming them. */
    static Compression detect(InputStream in) throws IOException {
        byte[] magic = new byte[6];
        in.mark(magic.length);
        int length = in.readNBytes(magic, 0, magic.length);
        in.reset();
        if (length == 0) {
            throw new LayerException("the layer is empty (0 bytes): not a tar stream");
        }
        if (startsWith(magic, length, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(magic, length, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (startsWith(magic, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            throw new LayerException("the layer is xz-compressed, which image layers do not use (gzip, zstd or none)");
        }
        if (startsWith(magic, length, 'B', 'Z', 'h')) {
            throw new LayerException("the layer is bzip2-compressed, which image layers do not use (gzip, zstd or none)");
        }
        return NONE;
    }

    /** The uncompressed stream; closing it releases native decoder memory and closes {@code in}. */
    InputStream open(InputStream in) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(in, BUFFER);
            case ZSTD:
                try {
                    return new ZstdInputStream(in);
                } catch (UnsatisfiedLinkError e) {
                    throw new DecoderUnavailable("zstd layers need zstd-jni's native library, which did not load: "
                            + e, e);
                }
            default:
                return in;
        }
    }

    /** This system cannot decode the layer (not the layer's fault). */
    static final class DecoderUnavailable extends IOException {
        private static final long serialVersionUID = 1L;

        DecoderUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean startsWith(byte[] data, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
