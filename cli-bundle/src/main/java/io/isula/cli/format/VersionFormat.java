package io.isula.cli.format;

import io.isula.core.api.VersionInfo;

/** {@code isula version}: the Client, Server and OCI config blocks, in the line order iSulad's CI checks. */
public final class VersionFormat {
    private static final String OCI_SPEC_VERSION = "1.0.1";
    private static final String OCI_DEFAULT_FILE = "/etc/default/isulad/config.json";

    private VersionFormat() {
    }

    public static String client(String version, String commit, String built) {
        return "Client:\n" + block(version, commit, built) + "\n";
    }

    public static String server(VersionInfo v) {
        return "Server:\n" + block(v.version(), v.gitCommit(), v.buildTime()) + "\n"
                + "OCI config:\n"
                + line("Version:", OCI_SPEC_VERSION)
                + line("Default file:", OCI_DEFAULT_FILE);
    }

    private static String block(String version, String commit, String built) {
        return line("Version:", version) + line("Git commit:", commit) + line("Built:", built);
    }

    private static String line(String label, String value) {
        StringBuilder b = new StringBuilder(40).append("  ").append(label);
        for (int i = label.length(); i < 14; i++) {
            b.append(' ');
        }
        return b.append(value == null ? "" : value).append('\n').toString();
    }
}
