package io.isula.runtime.runc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a program on PATH: conmon execs the runtime with execv, which does not search PATH itself. */
final class Executables {
    private Executables() {
    }

    /** The absolute path of {@code name}, or {@code name} unchanged when it has a slash or is not on PATH. */
    static String resolve(String name, String pathVariable) {
        if (name.contains("/") || pathVariable == null) {
            return name;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        return name;
    }

    static String resolve(String name) {
        return resolve(name, System.getenv("PATH"));
    }
}
