package io.isula.image.oci.store;

import io.isula.core.api.ContainerChange;
import io.isula.image.oci.sys.ErrnoException;
import io.isula.image.oci.sys.Libc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Docker's {@code diff} of a container on overlay, read from its upper folder against the image's layers: a path
 * there and in no layer was added, in a layer modified (a folder only when its mode, size or time differ: overlay
 * copies folders up for their children), a whiteout is a deletion, and so is what an opaque folder hides. The parent
 * of an added or deleted path is modified too. Layers are checked for the path itself, not for opaque folders above it.
 */
final class OverlayChanges {
    private static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private final Path upper;
    private final List<Path> lowersTopFirst;
    private final List<ContainerChange> changes = new ArrayList<>();
    private final Set<String> changedDirs = new HashSet<>();

    private OverlayChanges(Path upper, List<Path> lowersTopFirst) {
        this.upper = upper;
        this.lowersTopFirst = lowersTopFirst;
    }

    static List<ContainerChange> of(Path upper, List<Path> lowersTopFirst) throws IOException {
        OverlayChanges diff = new OverlayChanges(upper, lowersTopFirst);
        diff.walk("");
        diff.changes.sort(Comparator.comparing(ContainerChange::path));
        return diff.changes;
    }

    private void walk(String dir) throws IOException {
        for (String name : names(upper, dir)) {
            String rel = dir.isEmpty() ? name : dir + "/" + name;
            Libc.Stat st = Libc.lstat(Libc.path(upper.resolve(rel).toString()));
            if (isWhiteout(st)) {
                record("/" + rel, ContainerChange.DELETED, false);
                continue;
            }
            Libc.Stat below = inLayers(rel);
            if (!st.isDirectory()) {
                record("/" + rel, below == null ? ContainerChange.ADDED : ContainerChange.MODIFIED, false);
                continue;
            }
            boolean opaque = below != null && isOpaque(upper.resolve(rel));
            if (below == null) {
                record("/" + rel, ContainerChange.ADDED, true);
            } else if (opaque || !sameDirectory(st, below)) {
                record("/" + rel, ContainerChange.MODIFIED, true);
            }
            if (opaque) {
                Set<String> hidden = new TreeSet<>();
                for (Path lower : lowersTopFirst) {
                    hidden.addAll(names(lower, rel));
                }
                hidden.removeAll(names(upper, rel));
                for (String gone : hidden) {
                    if (inLayers(rel + "/" + gone) != null) { // not already whited out in the image
                        record("/" + rel + "/" + gone, ContainerChange.DELETED, false);
                    }
                }
            }
            walk(rel);
        }
    }

    private void record(String path, int kind, boolean directory) {
        changes.add(new ContainerChange(path, kind));
        if (directory) {
            changedDirs.add(path);
        }
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (kind != ContainerChange.MODIFIED && !parent.isEmpty() && changedDirs.add(parent)) {
            changes.add(new ContainerChange(parent, ContainerChange.MODIFIED));
        }
    }

    /** The path in the topmost layer that has it; null when none has it or the topmost one whites it out. */
    private Libc.Stat inLayers(String rel) throws IOException {
        for (Path lower : lowersTopFirst) {
            Libc.Stat st;
            try {
                st = Libc.lstatIfExists(Libc.path(lower.resolve(rel).toString()));
            } catch (ErrnoException e) {
                if (e.errno() == Libc.ENOTDIR) {
                    return null;
                }
                throw e;
            }
            if (st != null) {
                return isWhiteout(st) ? null : st;
            }
        }
        return null;
    }

    private static List<String> names(Path root, String rel) throws IOException {
        byte[] dir = Libc.path(rel.isEmpty() ? root.toString() : root.resolve(rel).toString());
        Libc.Stat st;
        try {
            st = Libc.lstatIfExists(dir);
        } catch (ErrnoException e) {
            return List.of();
        }
        if (st == null || !st.isDirectory()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (byte[] name : Libc.list(dir)) {
            names.add(Libc.text(name));
        }
        names.sort(null);
        return names;
    }

    private static boolean isWhiteout(Libc.Stat st) {
        return st.type() == Libc.S_IFCHR && st.rdevMajor() == 0 && st.rdevMinor() == 0;
    }

    private static boolean isOpaque(Path dir) throws IOException {
        return Arrays.equals(new byte[] {'y'}, Libc.getXattr(Libc.path(dir.toString()), OPAQUE_XATTR));
    }

    private static boolean sameDirectory(Libc.Stat a, Libc.Stat b) {
        return b.isDirectory() && a.mode() == b.mode() && a.size() == b.size()
                && a.mtimeSeconds() == b.mtimeSeconds() && a.mtimeNanos() == b.mtimeNanos();
    }
}
