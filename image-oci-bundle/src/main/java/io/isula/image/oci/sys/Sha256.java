package io.isula.image.oci.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for blob and layer digests. The daemon's JVM runs C1 only (small and quick to start), and C1 does not
 * use the CPU's SHA instructions: the JDK's SHA-256 then hashes about 90 MB/s, OpenSSL's well over 1 GB/s. So
 * digests come from libcrypto when it loads, from the JDK otherwise.
 */
public final class Sha256 {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final boolean NATIVE = loads();

    private Sha256() {
    }

    /** A fresh SHA-256 {@link MessageDigest}. */
    public static MessageDigest newDigest() {
        if (NATIVE) {
            return new Native();
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static boolean loads() {
        try {
            Pointer ctx = CryptoCalls.EVP_MD_CTX_new();
            CryptoCalls.EVP_MD_CTX_free(ctx);
            return ctx != null && Boolean.parseBoolean(System.getProperty("isula.native.sha256", "true"));
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** libcrypto's EVP context; the native context and buffer are freed when this object is collected. */
    private static final class Native extends MessageDigest {
        private static final int CHUNK = 256 * 1024;

        private final Pointer ctx;
        private final Memory buffer = new Memory(CHUNK);

        Native() {
            super("SHA-256");
            Pointer created = CryptoCalls.EVP_MD_CTX_new();
            if (created == null) {
                throw new IllegalStateException("EVP_MD_CTX_new failed");
            }
            ctx = created;
            CLEANER.register(this, () -> CryptoCalls.EVP_MD_CTX_free(created));
            engineReset();
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[]{input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK);
                buffer.write(0, input, offset, n);
                check(CryptoCalls.EVP_DigestUpdate(ctx, buffer, n), "EVP_DigestUpdate");
                offset += n;
                len -= n;
            }
        }

        @Override
        protected byte[] engineDigest() {
            byte[] out = new byte[32];
            check(CryptoCalls.EVP_DigestFinal_ex(ctx, out, null), "EVP_DigestFinal_ex");
            engineReset();
            return out;
        }

        @Override
        protected int engineGetDigestLength() {
            return 32;
        }

        @Override
        protected void engineReset() {
            check(CryptoCalls.EVP_DigestInit_ex(ctx, CryptoCalls.EVP_sha256(), null), "EVP_DigestInit_ex");
        }

        private static void check(int ok, String call) {
            if (ok != 1) {
                throw new IllegalStateException(call + " failed");
            }
        }
    }
}
