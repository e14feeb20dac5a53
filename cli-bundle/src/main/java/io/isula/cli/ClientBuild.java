package io.isula.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The client's own version, commit and build time, from {@code client-build.properties} that bnd writes into
 * the jar at build time (a resource of the jar already open, so cheaper than reading the manifest).
 */
public record ClientBuild(String version, String commit, String built) {
    static final String FALLBACK_VERSION = "0.1.0";

    public static ClientBuild current() {
        Properties p = new Properties();
        try (InputStream in = ClientBuild.class.getResourceAsStream("client-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is the same as none: the fallbacks below
        }
        return new ClientBuild(value(p, "version", FALLBACK_VERSION), value(p, "commit", "none"), value(p, "built", "none"));
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
