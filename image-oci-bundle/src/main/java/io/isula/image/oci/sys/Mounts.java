package io.isula.image.oci.sys;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * overlayfs mounts with mount(2) and umount2(2). The mount data of one call must fit in a page: when the
 * absolute paths of a long lower chain do not, the lower directories are named relative to an open
 * descriptor of their folder ({@code /proc/self/fd/N/<link>}), which the kernel resolves during the call.
 */
public final class Mounts {
    /** mount(2) copies at most one page of data; keep clear of its end. */
    static final int MAX_DATA = 4000;

    private static final int MNT_DETACH = 2;
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    /** O_PATH | O_CLOEXEC: same value on every Linux architecture (asm-generic). */
    private static final int O_PATH_CLOEXEC = 010000000 | 02000000;

    /**
     * Mounts an overlay on {@code target}: {@code lowers} top first (each a directory or a symlink to one, all in
     * the folder {@code lowerFolder}), {@code upper} and {@code work} on the same file system.
     */
    public void mountOverlay(Path lowerFolder, List<String> lowers, Path upper, Path work, Path target) throws IOException {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        for (Path p : List.of(lowerFolder, upper, work)) {
            requirePlainPath(p);
        }
        lowers.forEach(Mounts::requirePlainName);
        String data = overlayData(lowerFolder.toString(), lowers, upper.toString(), work.toString());
        if (data.length() <= MAX_DATA) {
            mount("overlay", target, "overlay", data);
            return;
        }
        if (!upper.getParent().equals(work.getParent())) {
            throw new IOException("upper and work directories must share a folder for a long lower chain");
        }
        int lowerFd = openPath(lowerFolder);
        try {
            int upperFd = openPath(upper.getParent());
            try {
                String shortData = overlayData("/proc/self/fd/" + lowerFd, lowers,
                        "/proc/self/fd/" + upperFd + "/" + upper.getFileName(),
                        "/proc/self/fd/" + upperFd + "/" + work.getFileName());
                if (shortData.length() > MAX_DATA) {
                    throw new IOException("too many layers to mount (" + lowers.size() + "): the mount options exceed a page");
                }
                mount("overlay", target, "overlay", shortData);
            } finally {
                close(upperFd);
            }
        } finally {
            close(lowerFd);
        }
    }

    static String overlayData(String lowerFolder, List<String> lowers, String upper, String work) {
        List<String> paths = new ArrayList<>(lowers.size());
        for (String l : lowers) {
            paths.add(lowerFolder + "/" + l);
        }
        // index=off: the upper layer is never moved to other lowers, and mounting must not depend on the kernel default
        return "lowerdir=" + String.join(":", paths) + ",upperdir=" + upper + ",workdir=" + work + ",index=off";
    }

    private void mount(String source, Path target, String type, String data) throws IOException {
        try {
            LibcCalls.mount(Libc.path(source), Libc.path(target.toString()), Libc.path(type), 0, Libc.path(data));
        } catch (LastErrorException e) {
            throw new IOException("mount " + type + " on " + target + " failed: " + strerror(e.getErrorCode()), e);
        }
    }

    /**
     * Detaches whatever is mounted on {@code target} (lazily, as {@code umount -l}), stacked mounts included.
     * Nothing mounted there, or no such path, is fine.
     */
    public void unmount(Path target) throws IOException {
        for (int i = 0; i < 64 && isMounted(target); i++) {
            try {
                LibcCalls.umount2(Libc.path(target.toString()), MNT_DETACH);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINVAL || e.getErrorCode() == ENOENT) {
                    return;
                }
                throw new IOException("unmount of " + target + " failed: " + strerror(e.getErrorCode()), e);
            }
        }
        if (isMounted(target)) {
            throw new IOException(target + " is still mounted");
        }
    }

    /** Unmounts every mount point at or below {@code dir}, deepest first. */
    public void unmountAllUnder(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> under = new ArrayList<>();
        for (Path p : mountPoints()) {
            if (p.startsWith(base)) {
                under.add(p);
            }
        }
        under.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path p : under) {
            unmount(p);
        }
    }

    public boolean isMounted(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path real = abs;
        try {
            real = abs.toRealPath();
        } catch (IOException ignored) {
            // gone or unreachable: compare the path as given
        }
        List<Path> points = mountPoints();
        return points.contains(abs) || points.contains(real);
    }

    /** Mount points of this process's mount namespace, from /proc/self/mountinfo (octal escapes decoded). */
    public static List<Path> mountPoints() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                out.add(Path.of(unescape(f[4])));
            }
        }
        return out;
    }

    static String unescape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private int openPath(Path dir) throws IOException {
        try {
            return LibcCalls.open(Libc.path(dir.toString()), O_PATH_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + dir + ": " + strerror(e.getErrorCode()), e);
        }
    }

    private void close(int fd) {
        try {
            LibcCalls.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do about a failed close of a path descriptor
        }
    }

    /** Mount data is split at ',' and lower directories at ':'; a path holding either cannot be passed. */
    private static void requirePlainPath(Path p) {
        String s = p.toString();
        if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0) {
            throw new IllegalArgumentException("overlay paths cannot contain ',' or ':': " + s);
        }
    }

    private static void requirePlainName(String name) {
        if (name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf(':') >= 0 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid lower directory name: " + name);
        }
    }

    private static String strerror(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file or directory (ENOENT)";
            case 13 -> "permission denied (EACCES)";
            case 16 -> "device or resource busy (EBUSY)";
            case 19 -> "no such device: is overlayfs available? (ENODEV)";
            case 20 -> "not a directory (ENOTDIR)";
            case 22 -> "invalid argument (EINVAL)";
            case 36 -> "name too long (ENAMETOOLONG)";
            case 40 -> "too many levels of symbolic links (ELOOP)";
            default -> "errno " + errno;
        };
    }
}
