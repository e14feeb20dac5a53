package io.isula.image.oci.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) with the JDK alone. */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException {
        try {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.endsWith("PARAMETERS")) {
                continue;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> sequence(new byte[]{0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, der));
                case "EC PRIVATE KEY" -> sequence(new byte[]{0x02, 0x01, 0x00},
                        sequence(EC_PUBLIC_KEY_OID, ecCurve(der, file)), tlv(0x04, der));
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException("the private key in " + file + " is encrypted; give an unencrypted key");
                default -> throw new IOException("unsupported PEM block \"" + type + "\" in " + file);
            };
            for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException ignored) {
                    // try the next algorithm
                }
            }
            throw new IOException("the private key in " + file + " is of an unsupported type");
        }
        throw new IOException("no PEM private key in " + file);
    }

    /** The named-curve OID (whole TLV) of a SEC1 ECPrivateKey: SEQUENCE { version, key, [0] { OID }, ... }. */
    private static byte[] ecCurve(byte[] sec1, Path file) throws IOException {
        try {
            Der seq = Der.read(sec1, 0);
            int pos = seq.contentStart;
            while (pos < seq.end()) {
                Der item = Der.read(sec1, pos);
                if (item.tag == (byte) 0xa0) {
                    Der oid = Der.read(sec1, item.contentStart);
                    byte[] out = new byte[oid.end() - oid.start];
                    System.arraycopy(sec1, oid.start, out, 0, out.length);
                    return out;
                }
                pos = item.end();
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed EC private key in " + file, e);
        }
        throw new IOException("the EC private key in " + file + " does not name its curve");
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((len >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private record Der(byte tag, int start, int contentStart, int length) {
        int end() {
            return contentStart + length;
        }

        static Der read(byte[] b, int start) {
            byte tag = b[start];
            int first = b[start + 1] & 0xff;
            int pos = start + 2;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 4) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (b[pos++] & 0xff);
                }
            }
            if (length < 0 || pos + length > b.length) {
                throw new IllegalArgumentException("DER element runs past the end");
            }
            return new Der(tag, start, pos, length);
        }
    }
}
