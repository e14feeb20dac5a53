package io.isula.cli;

/**
 * The client's own JNI library ({@code src/main/c}: the daemon socket, the terminal check), which the {@code isula}
 * script names in the {@value #PROPERTY} system property. Loading it again is a no-op.
 */
public final class ClientLibrary {
    public static final String PROPERTY = "isula.client.native";

    private ClientLibrary() {
    }

    /** Loads the library the property names; false when none is named or it cannot be loaded. */
    public static boolean load() {
        return load(System.getProperty(PROPERTY, ""));
    }

    /** Loads the library at {@code path}; false when it cannot be loaded. */
    public static boolean load(String path) {
        if (path.isEmpty()) {
            return false;
        }
        try {
            System.load(path);
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }
}
