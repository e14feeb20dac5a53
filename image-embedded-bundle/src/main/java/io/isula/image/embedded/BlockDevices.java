package io.isula.image.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File-type checks the JDK's API lacks. */
final class BlockDevices {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private BlockDevices() {
    }

    static boolean isBlockDevice(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode") & S_IFMT) == S_IFBLK;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
