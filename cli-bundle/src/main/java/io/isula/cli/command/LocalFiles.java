package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.core.util.tar.TarEntry;
import io.isula.core.util.tar.TarReader;
import io.isula.core.util.tar.TarWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's side of {@code cp}: a local file or tree as a tar stream, and a tar stream from a container extracted
 * locally. Extraction never writes through a symbolic link: a link the archive itself planted cannot carry a later
 * member out of the destination.
 */
final class LocalFiles {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String UNIX_ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,ino,dev,nlink";

    private LocalFiles() {
    }

    /** Writes {@code source} (recursively) as members named {@code rootName}, {@code rootName/…}. */
    static void archive(Path source, String rootName, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        emit(tar, source, rootName, new HashMap<>());
        tar.finish();
    }

    private static void emit(TarWriter tar, Path p, String name, Map<String, String> hardLinks) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, UNIX_ATTRS, NOFOLLOW);
        int raw = (int) a.get("mode");
        int mode = raw & 07777;
        int uid = (int) a.get("uid");
        int gid = (int) a.get("gid");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
        switch (raw & 0170000) {
            case 0040000 -> {
                tar.add(new TarEntry(name, TarEntry.Type.DIRECTORY, mode, uid, gid, 0, mtime, null));
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                    s.forEach(children::add);
                }
                children.sort(null);
                for (Path c : children) {
                    emit(tar, c, name.equals(".") ? "./" + c.getFileName() : name + "/" + c.getFileName(), hardLinks);
                }
            }
            case 0120000 -> tar.add(new TarEntry(name, TarEntry.Type.SYMLINK, 0777, uid, gid, 0, mtime,
                    Files.readSymbolicLink(p).toString()));
            case 0100000 -> {
                String key = a.get("dev") + ":" + a.get("ino");
                if ((int) a.get("nlink") > 1 && hardLinks.containsKey(key)) {
                    tar.add(new TarEntry(name, TarEntry.Type.HARDLINK, mode, uid, gid, 0, mtime, hardLinks.get(key)));
                    return;
                }
                hardLinks.put(key, name);
                try (InputStream in = Files.newInputStream(p, NOFOLLOW)) {
                    tar.add(new TarEntry(name, TarEntry.Type.FILE, mode, uid, gid, (long) a.get("size"), mtime, null), in);
                }
            }
            default -> {
                // sockets, devices and FIFOs are not copied
            }
        }
    }

    /**
     * Extracts {@code tar} into the existing directory {@code dest}; the first component of every member named
     * {@code from} is renamed {@code to} (cp's "copy as"; null keeps names).
     */
    static void extract(InputStream in, Path dest, String from, String to) throws IOException {
        TarReader tar = new TarReader(in);
        TarEntry e;
        while ((e = tar.next()) != null) {
            List<String> parts = components(e.name());
            if (from != null && !parts.isEmpty() && parts.get(0).equals(from)) {
                parts.set(0, to);
            }
            parts.removeIf(p -> p.equals("."));
            if (parts.isEmpty()) {
                continue;
            }
            Path parent = directory(dest, parts.subList(0, parts.size() - 1));
            Path target = parent.resolve(parts.get(parts.size() - 1));
            write(dest, parent, target, e, tar, from, to);
        }
    }

    private static void write(Path dest, Path parent, Path target, TarEntry e, TarReader tar, String from, String to)
            throws IOException {
        boolean existingDir = Files.isDirectory(target, NOFOLLOW);
        if (e.type() == TarEntry.Type.DIRECTORY) {
            if (Files.exists(target, NOFOLLOW) && !existingDir) {
                throw new CliFailure(ExitCodes.COMMON, "cannot overwrite non-directory " + target + " with directory");
            }
            if (!existingDir) {
                Files.createDirectory(target);
            }
            Files.setAttribute(target, "unix:mode", e.mode() & 07777, NOFOLLOW);
            return;
        }
        if (existingDir) {
            throw new CliFailure(ExitCodes.COMMON, "cannot overwrite directory " + target + " with non-directory");
        }
        Path tmp = parent.resolve(".isula-cp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            switch (e.type()) {
                case FILE -> {
                    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, NOFOLLOW)) {
                        tar.content().transferTo(out);
                    }
                    Files.setAttribute(tmp, "unix:mode", e.mode() & 07777, NOFOLLOW);
                    FileTime t = FileTime.from(Instant.ofEpochSecond(e.mtime()));
                    Files.getFileAttributeView(tmp, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
                }
                case SYMLINK -> Files.createSymbolicLink(tmp, Path.of(e.linkName()));
                case HARDLINK -> {
                    List<String> parts = components(e.linkName());
                    if (from != null && !parts.isEmpty() && parts.get(0).equals(from)) {
                        parts.set(0, to);
                    }
                    parts.removeIf(p -> p.equals("."));
                    if (parts.isEmpty()) {
                        throw new CliFailure(ExitCodes.COMMON, "hard link " + e.name() + " has no target");
                    }
                    Path dir = directory(dest, parts.subList(0, parts.size() - 1));
                    Files.createLink(tmp, dir.resolve(parts.get(parts.size() - 1)));
                }
                default -> throw new CliFailure(ExitCodes.COMMON, "not extracting " + e.name() + ": a " + e.type());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code dest/parts…}, made where missing; every component must be a real directory, never a link. */
    private static Path directory(Path dest, List<String> parts) throws IOException {
        Path p = dest;
        for (String part : parts) {
            p = p.resolve(part);
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException exists) {
                if (!Files.isDirectory(p, NOFOLLOW)) {
                    throw new CliFailure(ExitCodes.COMMON, "not extracting below " + p + ": it is not a directory"
                            + (Files.isSymbolicLink(p) ? " but a symbolic link" : ""));
                }
            }
        }
        return p;
    }

    /** A member name's components; {@code ..} is refused. */
    static List<String> components(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty()) {
                continue;
            }
            if (c.equals("..")) {
                throw new CliFailure(ExitCodes.COMMON, "archive member " + name + " would leave the destination");
            }
            out.add(c);
        }
        return out;
    }

    static boolean exists(Path p) {
        return Files.exists(p, NOFOLLOW);
    }

    static void requireExists(Path p, String given) {
        if (!exists(p)) {
            throw new CliFailure(ExitCodes.COMMON, "lstat " + given + ": no such file or directory");
        }
    }

    static boolean isDirectoryFollowing(Path p) {
        return Files.isDirectory(p);
    }

}
