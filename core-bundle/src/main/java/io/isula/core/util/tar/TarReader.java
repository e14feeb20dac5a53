package io.isula.core.util.tar;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream member by member: ustar and old-style headers, pax ({@code x}) and GNU long name ({@code L},
 * {@code K}) headers. A bad checksum, a truncated member or an unknown member type is an {@link IOException} that
 * names it.
 */
public final class TarReader {
    private static final int BLOCK = TarWriter.BLOCK;
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private long pendingContent;
    private long pendingPad;
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member (its content follows through {@link #content()}), or null at the end of the archive. */
    public TarEntry next() throws IOException {
        skipRest();
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] h = new byte[BLOCK];
            int n = in.readNBytes(h, 0, BLOCK);
            if (n == 0 || isZero(h, n)) {
                ended = true;
                return null;
            }
            if (n < BLOCK) {
                throw new EOFException("truncated tar header");
            }
            verifyChecksum(h);
            char flag = (char) h[156];
            long size = number(h, 124, 12);
            if (size < 0) {
                throw new IOException("bad size in tar header of " + string(h, 0, 100));
            }
            if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
                if (size > MAX_META) {
                    throw new IOException("tar meta header too large: " + size);
                }
                byte[] body = in.readNBytes((int) size);
                if (body.length < size) {
                    throw new EOFException("truncated tar meta header");
                }
                skip(padOf(size));
                if (flag == 'x') {
                    pax.putAll(parsePax(body));
                } else if (flag == 'L') {
                    longName = cString(body);
                } else if (flag == 'K') {
                    longLink = cString(body);
                }
                continue;
            }
            TarEntry.Type type = TarEntry.Type.of(flag);
            String name = string(h, 0, 100);
            String prefix = string(h, 345, 155);
            if (!prefix.isEmpty() && isUstar(h)) {
                name = prefix + "/" + name;
            }
            if (longName != null) {
                name = longName;
            }
            if (pax.containsKey("path")) {
                name = pax.get("path");
            }
            if (type == null) {
                throw new IOException("unsupported tar member type '" + flag + "' for " + name);
            }
            String link = string(h, 157, 100);
            if (longLink != null) {
                link = longLink;
            }
            if (pax.containsKey("linkpath")) {
                link = pax.get("linkpath");
            }
            if (pax.containsKey("size")) {
                try {
                    size = Long.parseLong(pax.get("size"));
                } catch (NumberFormatException e) {
                    throw new IOException("bad pax size for " + name);
                }
            }
            if (flag == '5' || name.endsWith("/") && type == TarEntry.Type.FILE && size == 0) {
                type = TarEntry.Type.DIRECTORY;
            }
            while (name.endsWith("/") && name.length() > 1) {
                name = name.substring(0, name.length() - 1);
            }
            long mtime = number(h, 136, 12);
            long content = type == TarEntry.Type.FILE ? size : 0;
            pendingContent = content;
            pendingPad = type == TarEntry.Type.FILE ? padOf(size) : 0;
            if (type != TarEntry.Type.FILE && size > 0) {
                // a link or directory with data: skip it
                pendingContent = 0;
                pendingPad = 0;
                skip(size + padOf(size));
            }
            return new TarEntry(name, type, (int) number(h, 100, 8) & 07777, (int) number(h, 108, 8),
                    (int) number(h, 116, 8), content, mtime,
                    type == TarEntry.Type.SYMLINK || type == TarEntry.Type.HARDLINK ? link : null);
        }
    }

    /** The current member's content; read it to its end or not at all. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pendingContent == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, pendingContent));
                if (n < 0) {
                    throw new EOFException("truncated tar member content");
                }
                pendingContent -= n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        if (ended) {
            return;
        }
        skip(pendingContent + pendingPad);
        pendingContent = 0;
        pendingPad = 0;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar archive");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static long padOf(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    private static boolean isZero(byte[] h, int n) {
        for (int i = 0; i < n; i++) {
            if (h[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUstar(byte[] h) {
        return h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("bad tar header checksum for " + string(h, 0, 100));
        }
    }

    /** An octal field, or a base-256 one (high bit set) as GNU tar writes large numbers. */
    static long number(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("bad number in tar header");
            }
            v = (v << 3) + (c - '0');
            any = true;
        }
        return v;
    }

    private static String string(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    static Map<String, String> parsePax(byte[] body) throws IOException {
        Map<String, String> m = new HashMap<>();
        int i = 0;
        while (i < body.length) {
            int sp = i;
            while (sp < body.length && body[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(body, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("bad pax record");
            }
            if (len <= 0 || i + len > body.length || sp >= i + len) {
                throw new IOException("bad pax record length");
            }
            String rec = new String(body, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) {
                m.put(rec.substring(0, eq), rec.substring(eq + 1));
            }
            i += len;
        }
        return m;
    }
}
