package io.isula.image.oci.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** libcrypto's EVP digest calls, bound by JNA direct mapping. Loading fails where OpenSSL 3 is missing. */
final class CryptoCalls {
    static {
        Native.register(CryptoCalls.class, NativeLibrary.getInstance("crypto"));
    }

    private CryptoCalls() {
    }

    static native Pointer EVP_MD_CTX_new();

    static native void EVP_MD_CTX_free(Pointer ctx);

    static native Pointer EVP_sha256();

    static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

    static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

    static native int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);
}
