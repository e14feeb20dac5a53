package io.isula.core.internal.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a folder's contents (and the folder's own mode and owner) into another folder: links are copied as links,
 * never followed, so nothing outside the source is read; device nodes and sockets are skipped.
 */
final class TreeCopy {
    private TreeCopy() {
    }

    static void copyContents(Path from, Path to) throws IOException {
        copyOwnerAndMode(from, to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from)) {
                    Path target = to.resolve(from.relativize(dir).toString());
                    Files.createDirectories(target);
                    copyOwnerAndMode(dir, target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    copyOwnerAndMode(file, target);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
    }
}
