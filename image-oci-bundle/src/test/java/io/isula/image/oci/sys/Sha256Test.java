package io.isula.image.oci.sys;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sha256Test {
    @Test
    void matchesTheJdkForEmptySmallAndLargeInputsInPieces() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 63, 64, 65, 1000, 256 * 1024, 256 * 1024 + 1, 3_000_001}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            try (Sha256 sha = new Sha256()) {
                int pos = 0;
                while (pos < size) {
                    int n = Math.min(size - pos, 1 + random.nextInt(700_000));
                    sha.update(data, pos, n);
                    pos += n;
                }
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), sha.digest(), "size " + size);
            }
        }
    }

    @Test
    void usesLibcryptoHere() {
        try (Sha256 sha = new Sha256()) {
            assertTrue(sha.isNative(), "libcrypto.so.3 is on Debian 12 (libssl3, which systemd needs)");
            sha.update((byte) 'a');
            sha.digest();
            assertThrows(IllegalStateException.class, () -> sha.update((byte) 'b'));
        }
    }
}
