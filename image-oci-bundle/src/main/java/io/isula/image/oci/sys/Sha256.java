package io.isula.image.oci.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SHA-256 through OpenSSL's libcrypto when the system has it, else the JDK's. The daemon's JVM compiles with C1
 * only, which does not use the CPU's SHA instructions for {@link MessageDigest}: there the JDK hashes at about
 * 60 MB/s, libcrypto at well over 1 GB/s. Not thread-safe; {@link #close()} frees the native context.
 */
public final class Sha256 implements AutoCloseable {
    private static final int CHUNK = 128 * 1024;

    private final MessageDigest jdk;
    private Pointer context;
    private ByteBuffer buffer;
    private Pointer bufferAddress;

    public Sha256() {
        if (Crypto.AVAILABLE) {
            Pointer ctx = Crypto.EVP_MD_CTX_new();
            if (ctx != null && Crypto.EVP_DigestInit_ex(ctx, Crypto.EVP_sha256(), null) == 1) {
                context = ctx;
                buffer = ByteBuffer.allocateDirect(CHUNK);
                bufferAddress = Native.getDirectBufferPointer(buffer);
                jdk = null;
                return;
            }
            if (ctx != null) {
                Crypto.EVP_MD_CTX_free(ctx);
            }
        }
        try {
            jdk = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Whether hashing goes through libcrypto. */
    public boolean isNative() {
        return jdk == null;
    }

    public void update(byte[] data, int offset, int length) {
        if (jdk != null) {
            jdk.update(data, offset, length);
            return;
        }
        requireOpen();
        while (length > 0) {
            int n = Math.min(length, CHUNK);
            buffer.put(0, data, offset, n);
            if (Crypto.EVP_DigestUpdate(context, bufferAddress, n) != 1) {
                throw new IllegalStateException("EVP_DigestUpdate failed");
            }
            offset += n;
            length -= n;
        }
    }

    public void update(byte b) {
        update(new byte[] {b}, 0, 1);
    }

    /** The 32-byte digest of everything given; the hasher is done (and closed) afterwards. */
    public byte[] digest() {
        if (jdk != null) {
            return jdk.digest();
        }
        requireOpen();
        byte[] digest = new byte[32];
        try {
            if (Crypto.EVP_DigestFinal_ex(context, digest, null) != 1) {
                throw new IllegalStateException("EVP_DigestFinal_ex failed");
            }
            return digest;
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (context != null) {
            Crypto.EVP_MD_CTX_free(context);
            context = null;
        }
    }

    private void requireOpen() {
        if (context == null) {
            throw new IllegalStateException("SHA-256 context already finished");
        }
    }

    /** libcrypto's EVP digest calls (OpenSSL 3 or 1.1), bound by JNA direct mapping if the library loads. */
    private static final class Crypto {
        static final boolean AVAILABLE = load();

        private Crypto() {
        }

        private static boolean load() {
            for (String name : List.of("libcrypto.so.3", "libcrypto.so.1.1")) {
                NativeLibrary library;
                try {
                    library = NativeLibrary.getInstance(name);
                } catch (UnsatisfiedLinkError e) {
                    continue;
                }
                try {
                    Native.register(Crypto.class, library);
                    return true;
                } catch (UnsatisfiedLinkError e) {
                    return false;
                }
            }
            return false;
        }

        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer ctx);

        static native Pointer EVP_sha256();

        static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

        static native int EVP_DigestFinal_ex(Pointer ctx, byte[] digest, Pointer length);
    }
}
