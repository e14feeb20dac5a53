package io.isula.core.util.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a tar stream: ustar headers, with a pax header first when a name, link name or size does not fit. */
public final class TarWriter implements AutoCloseable {
    static final int BLOCK = 512;
    private static final long MAX_OCTAL_11 = 077777777777L;

    private final OutputStream out;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes a member without content (directory, link, device). */
    public void add(TarEntry e) throws IOException {
        if (e.type() == TarEntry.Type.FILE && e.size() != 0) {
            throw new IllegalArgumentException("a regular file with content needs add(entry, content)");
        }
        header(e);
    }

    /** Writes a regular file; exactly {@code e.size()} bytes are taken from {@code content}. */
    public void add(TarEntry e, InputStream content) throws IOException {
        header(e);
        byte[] buf = new byte[64 * 1024];
        long left = e.size();
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(e.name() + " ended " + left + " bytes early (changed while it was copied?)");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        pad(e.size());
    }

    private void header(TarEntry e) throws IOException {
        String name = e.isDirectory() && !e.name().endsWith("/") ? e.name() + "/" : e.name();
        Map<String, String> pax = new LinkedHashMap<>();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || !ascii(name)) {
            pax.put("path", name);
        }
        if (e.linkName() != null && (e.linkName().getBytes(StandardCharsets.UTF_8).length > 100 || !ascii(e.linkName()))) {
            pax.put("linkpath", e.linkName());
        }
        if (e.size() > MAX_OCTAL_11) {
            pax.put("size", Long.toString(e.size()));
        }
        if (!pax.isEmpty()) {
            byte[] body = paxBody(pax);
            block(new TarEntry("PaxHeaders/" + truncate(name, 80), null, 0644, 0, 0, body.length, e.mtime(), null),
                    'x');
            out.write(body);
            pad(body.length);
        }
        block(new TarEntry(name, e.type(), e.mode(), e.uid(), e.gid(), e.type() == TarEntry.Type.FILE ? e.size() : 0,
                e.mtime(), e.linkName()), e.type().flag);
    }

    private void block(TarEntry e, char flag) throws IOException {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, truncate(e.name(), 100));
        octal(h, 100, 8, e.mode() & 07777);
        octal(h, 108, 8, Math.max(0, e.uid()));
        octal(h, 116, 8, Math.max(0, e.gid()));
        octal(h, 124, 12, Math.min(e.size(), MAX_OCTAL_11));
        octal(h, 136, 12, Math.max(0, Math.min(e.mtime(), MAX_OCTAL_11)));
        h[156] = (byte) flag;
        if (e.linkName() != null) {
            put(h, 157, 100, truncate(e.linkName(), 100));
        }
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** pax records: {@code "<len> key=value\n"}, the length counting itself. */
    static byte[] paxBody(Map<String, String> records) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> r : records.entrySet()) {
            String rest = " " + r.getKey() + "=" + r.getValue() + "\n";
            int restLen = rest.getBytes(StandardCharsets.UTF_8).length;
            int len = restLen + 1;
            while (Integer.toString(len).length() + restLen != len) {
                len++;
            }
            b.append(len).append(rest);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String truncate(String s, int bytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= bytes ? s : new String(b, 0, bytes, StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(s.chars().allMatch(c -> c < 0x80) ? StandardCharsets.US_ASCII : StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        StringBuilder b = new StringBuilder();
        for (int i = s.length(); i < len - 1; i++) {
            b.append('0');
        }
        b.append(s);
        put(h, off, len - 1, b.toString());
        h[off + len - 1] = 0;
    }

    /** Writes the two zero blocks that end an archive. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
