package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A container's cgroup files as the host sees them (cgroup v1: /sys/fs/cgroup/CONTROLLER/isulad/ID/FILE). */
final class Cgroups {
    private Cgroups() {
    }

    static Path file(String controller, String id, String name) {
        return Path.of("/sys/fs/cgroup", controller, "isulad", id, name);
    }

    static String read(String controller, String id, String name) {
        Path f = file(controller, id, name);
        try {
            return Files.readString(f).strip();
        } catch (IOException e) {
            fail("cannot read " + f + ": " + e);
            return null;
        }
    }

    static long number(String controller, String id, String name) {
        return Long.parseLong(read(controller, id, name));
    }
}
