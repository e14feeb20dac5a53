package io.isula.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** A response whose body is still on the wire; closing it closes the connection. */
public record HttpResponse(int status, Map<String, String> headers, InputStream body) implements AutoCloseable {

    /** Header value by lower-case name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public byte[] readAll() throws IOException {
        return body.readAllBytes();
    }

    public String text() throws IOException {
        return new String(readAll(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException { body.close(); }

    /** One CRLF- (or LF-) terminated ISO-8859-1 line without its terminator; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (b.size() > 64 * 1024) {
                throw new IOException("HTTP line too long");
            }
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
