package io.isula.image.oci.auth;

import io.isula.core.util.AtomicFiles;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * AES-256-GCM with a random key kept in a file (0600). A sealed value is {@code base64(iv || ciphertext || tag)};
 * the server address is bound to it as associated data, so an entry copied under another server fails to open.
 */
final class CredentialCipher {
    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CredentialCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key in {@code keyFile}, or null when there is none yet. */
    static CredentialCipher load(Path keyFile) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            if (bytes.length != KEY_BYTES) {
                throw new IOException("key file " + keyFile + " is damaged: " + bytes.length + " bytes, expected " + KEY_BYTES);
            }
            return new CredentialCipher(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The key in {@code keyFile}, made (atomically, mode 0600) when missing. */
    static CredentialCipher loadOrCreate(Path keyFile) throws IOException {
        CredentialCipher existing = load(keyFile);
        if (existing != null) {
            return existing;
        }
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        try {
            AtomicFiles.write(keyFile, fresh);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            return new CredentialCipher(fresh);
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    String seal(String plain, String associated) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] input = plain.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(input);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** The plain text, or an exception when the value was not sealed with this key for {@code associated}. */
    String open(String sealed, String associated) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
        cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
        byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
