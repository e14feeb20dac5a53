package io.isula.image.oci.layer;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PAX extended header records ({@code "<length> <key>=<value>\n"}, POSIX pax format) kept as bytes: extended
 * attribute values are binary (security.capability) and names need not be UTF-8, which a String-valued PAX
 * parser would mangle.
 *
 * @param xattrs   {@code SCHILY.xattr.<name>} (GNU tar, Go, Docker: raw value) and
 *                 {@code LIBARCHIVE.xattr.<url-encoded name>} (bsdtar: base64 value)
 * @param path     the raw {@code path} (or {@code GNU.sparse.name}) value, or null
 * @param linkPath the raw {@code linkpath} value, or null
 */
record PaxRecords(Map<String, byte[]> xattrs, byte[] path, byte[] linkPath) {
    static final PaxRecords NONE = new PaxRecords(Map.of(), null, null);
    private static final String SCHILY_XATTR = "SCHILY.xattr.";
    private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    /** Parses one extended header's data; a later record of the same key wins. */
    static PaxRecords parse(byte[] data, int length) {
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        byte[] path = null;
        byte[] sparseName = null;
        byte[] linkPath = null;
        int pos = 0;
        while (pos < length) {
            int space = indexOf(data, (byte) ' ', pos, length);
            if (space < 0) {
                throw new LayerException("malformed PAX header: record without a length");
            }
            int recordLength = parseLength(data, pos, space);
            int end = pos + recordLength;
            if (recordLength <= space - pos + 1 || end > length || data[end - 1] != '\n') {
                throw new LayerException("malformed PAX header: record length " + recordLength + " does not fit");
            }
            int equals = indexOf(data, (byte) '=', space + 1, end - 1);
            if (equals < 0) {
                throw new LayerException("malformed PAX header: record without '='");
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(data, equals + 1, end - 1);
            if (key.equals("path")) {
                path = value;
            } else if (key.equals("GNU.sparse.name")) {
                sparseName = value;
            } else if (key.equals("linkpath")) {
                linkPath = value;
            } else if (key.startsWith(SCHILY_XATTR) && key.length() > SCHILY_XATTR.length()) {
                xattrs.put(key.substring(SCHILY_XATTR.length()), value);
            } else if (key.startsWith(LIBARCHIVE_XATTR) && key.length() > LIBARCHIVE_XATTR.length()) {
                try {
                    String name = URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
                    xattrs.put(name, Base64.getDecoder().decode(value));
                } catch (IllegalArgumentException e) {
                    throw new LayerException("malformed PAX header: bad " + key + ": " + e.getMessage());
                }
            }
            pos = end;
        }
        return new PaxRecords(xattrs, sparseName != null ? sparseName : path, linkPath);
    }

    /** Appends one record; its length counts its own digits. */
    static void append(ByteArrayOutputStream out, String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int rest = 1 + keyBytes.length + 1 + value.length + 1; // ' ' key '=' value '\n'
        int length = rest + 1;
        while (length != rest + Integer.toString(length).length()) {
            length = rest + Integer.toString(length).length();
        }
        out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(keyBytes);
        out.write('=');
        out.writeBytes(value);
        out.write('\n');
    }

    static void append(ByteArrayOutputStream out, String key, String value) {
        append(out, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int parseLength(byte[] data, int from, int to) {
        if (to == from || to - from > 9) {
            throw new LayerException("malformed PAX header: bad record length");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            if (data[i] < '0' || data[i] > '9') {
                throw new LayerException("malformed PAX header: bad record length");
            }
            value = value * 10 + (data[i] - '0');
        }
        return value;
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
