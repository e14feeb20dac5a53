package io.isula.image.oci.testing;

import io.isula.image.oci.layer.TreeArchiver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A tree archiver for unit tests only: directories, files and symlinks, relative names. */
public final class TarTestArchiver implements TreeArchiver {
    @Override
    public void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path p : all) {
            String name = root.relativize(p).toString();
            TarArchiveEntry e;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
            } else {
                e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
            }
            tar.putArchiveEntry(e);
            if (e.isFile() && !e.isSymbolicLink()) {
                Files.copy(p, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }
}
