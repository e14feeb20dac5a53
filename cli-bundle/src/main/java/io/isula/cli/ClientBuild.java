package io.isula.cli;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The client's own version, commit and build time, from {@code client-build.properties} that bnd writes into the
 * jar at build time. The distribution also puts a copy beside the jars and the {@code isula} script names it in
 * {@value #FILE_PROPERTY}: reading that file spares every command opening the jar, which nothing else needs once
 * the classes come from the client's AOT cache.
 */
public record ClientBuild(String version, String commit, String built) {
    static final String FALLBACK_VERSION = "0.1.0";
    static final String FILE_PROPERTY = "isula.build";
    private static final String RESOURCE = "client-build.properties";

    public static ClientBuild current() {
        Properties p = new Properties();
        try (InputStream in = open()) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable file is the same as none: the fallbacks below
        }
        return new ClientBuild(value(p, "version", FALLBACK_VERSION), value(p, "commit", "none"), value(p, "built", "none"));
    }

    private static InputStream open() throws IOException {
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null) {
            try {
                // java.io, not Files: the NIO channel classes and their native library would be loaded for this alone
                return new FileInputStream(file);
            } catch (FileNotFoundException e) {
                // a distribution without the copy: the jar's resource
            }
        }
        return ClientBuild.class.getResourceAsStream(RESOURCE);
    }

    /** {@code isula --version}: CI matches {@code Version N.N.N, commit}. */
    public String versionLine() {
        return "Version " + version + ", commit " + commit;
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
