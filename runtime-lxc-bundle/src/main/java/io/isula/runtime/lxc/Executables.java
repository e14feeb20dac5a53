package io.isula.runtime.lxc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The programs lcr runs, found on PATH once (conmon execs with execv, which does not search PATH). */
record Executables(String conmon, String lxcExecute, String lxcAttach) {
    static Executables fromPath() {
        String path = System.getenv("PATH");
        return new Executables(find("conmon", path), find("lxc-execute", path), find("lxc-attach", path));
    }

    static String find(String name, String pathVariable) {
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path p = dir.isEmpty() ? null : Path.of(dir, name);
                if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toAbsolutePath().toString();
                }
            }
        }
        return name;
    }
}
