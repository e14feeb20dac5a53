package io.isula.core.util;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The key sequence that detaches a client from a process's terminal, in Docker's notation: keys separated by
 * commas, each a single character or {@code ctrl-X} with X one of {@code a-z @ [ \ ] ^ _}. The default is
 * {@code ctrl-p,ctrl-q}.
 */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private final byte[] keys;

    private DetachKeys(byte[] keys) {
        this.keys = keys;
    }

    /** {@code null} means the default; an empty string means no detach keys. */
    public static DetachKeys parse(String spec) {
        String s = spec == null ? DEFAULT : spec.trim();
        if (s.isEmpty()) {
            return new DetachKeys(new byte[0]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : s.split(",", -1)) {
            out.write(key(key.trim(), spec));
        }
        return new DetachKeys(out.toByteArray());
    }

    private static int key(String key, String spec) {
        if (key.length() == 1) {
            return key.charAt(0);
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (k.startsWith("ctrl-") && k.length() == 6) {
            char c = k.charAt(5);
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 1;
            }
            int i = "@[\\]^_".indexOf(c);
            if (i >= 0) {
                return i == 0 ? 0 : 26 + i;
            }
        }
        throw new IllegalArgumentException("Invalid detach keys (" + spec + ") provided: unknown character '" + key
                + "'; use a-z, @, [, \\, ], ^, _ after ctrl-, or a single character, separated by commas");
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    public byte[] bytes() {
        return keys.clone();
    }

    /** A fresh scanner over one input stream. */
    public Scanner scanner() {
        return new Scanner(keys);
    }

    /**
     * Finds the detach sequence in a stream of input chunks. Bytes that could begin the sequence are held back until
     * the sequence either completes (they are dropped: the client detaches) or breaks (they are passed on).
     */
    public static final class Scanner {
        private final byte[] keys;
        private int matched;
        private boolean detached;

        Scanner(byte[] keys) {
            this.keys = keys;
        }

        /**
         * Scans {@code length} bytes and writes what the process should get to {@code pass}.
         *
         * @return true when the sequence completed in this chunk; nothing after it is passed
         */
        public boolean scan(byte[] data, int offset, int length, ByteArrayOutputStream pass) {
            if (detached) {
                return true;
            }
            if (keys.length == 0) {
                pass.write(data, offset, length);
                return false;
            }
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                if (b == keys[matched]) {
                    if (++matched == keys.length) {
                        detached = true;
                        return true;
                    }
                    continue;
                }
                if (matched > 0) {
                    pass.write(keys, 0, matched);
                    matched = 0;
                    if (b == keys[0]) {
                        matched = 1;
                        if (keys.length == 1) {
                            detached = true;
                            return true;
                        }
                        continue;
                    }
                }
                pass.write(b);
            }
            return false;
        }

        public boolean detached() {
            return detached;
        }
    }
}
