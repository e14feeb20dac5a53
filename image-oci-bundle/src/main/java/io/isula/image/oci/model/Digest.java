package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.isula.image.oci.sys.Sha256;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:<64 hex>} (OCI image spec, "Digests"). */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern pattern = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
        };
        if (hex == null || !pattern.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm + " digest: " + hex);
        }
    }

    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest: " + text);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isDigest(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest sha256(MessageDigest finished) {
        return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest newSha256() {
        return Sha256.newDigest();
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        if (algorithm.equals("sha256")) {
            return Sha256.newDigest();
        }
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** The 12-hex short form shown in listings. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
