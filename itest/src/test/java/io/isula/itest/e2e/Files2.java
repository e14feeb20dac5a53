package io.isula.itest.e2e;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** File helpers: deleting a tree without following symlinks or crossing mounts, listing mounts. */
public final class Files2 {
    private Files2() {
    }

    /** Mount points at or below {@code dir} (from /proc/self/mountinfo, field 5), deepest first. */
    static List<Path> mountsUnder(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) continue;
                Path mp = Path.of(f[4].replace("\\040", " "));
                if (mp.startsWith(dir)) out.add(mp);
            }
        } catch (IOException ignored) {
            // no mountinfo: nothing to report
        }
        out.sort((a, b) -> b.getNameCount() - a.getNameCount());
        return out;
    }

    /** Deletes {@code dir} recursively; symlinks are deleted, never followed; mount points are left alone. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        List<Path> mounts = mountsUnder(dir);
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return mounts.contains(d) && !d.equals(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    try {
                        Files.deleteIfExists(d);
                    } catch (IOException ignored) {
                        // a mount below, or busy: leave it
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Names of the directories directly under {@code dir}/<any>/ (e.g. graph/engines/<runtime>/<id>). */
    static List<Path> grandChildren(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path child : s.toList()) {
                if (!Files.isDirectory(child)) continue;
                try (Stream<Path> s2 = Files.list(child)) {
                    out.addAll(s2.toList());
                }
            }
        } catch (IOException ignored) {
            // report what we could read
        }
        return out;
    }
}
