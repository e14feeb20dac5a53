package io.isula.image.oci.sys;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {
    @Test
    void agreesWithTheJdkForEverySize() throws Exception {
        Random random = new Random(7);
        MessageDigest ours = Sha256.newDigest();
        assertEquals("io.isula.image.oci.sys.Sha256$Native", ours.getClass().getName(), "libcrypto is on this machine");
        for (int size : new int[]{0, 1, 55, 64, 65, 4096, 256 * 1024, 256 * 1024 + 3, 3 * 1024 * 1024 + 17}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            // fed in uneven pieces, with a single-byte update in between
            int half = size / 3;
            ours.update(data, 0, half);
            if (size > half) {
                ours.update(data[half]);
                ours.update(data, half + 1, size - half - 1);
            }
            assertArrayEquals(jdk.digest(data), ours.digest(), "size " + size);
        }
        ours.update(new byte[]{1, 2, 3});
        ours.reset();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(), ours.digest(), "reset starts over");
    }
}
