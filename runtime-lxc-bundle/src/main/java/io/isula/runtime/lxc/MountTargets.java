package io.isula.runtime.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Creates mount targets inside a rootfs on the host, one path component at a time and never through a symbolic link,
 * so that a hostile image cannot make the engine create anything outside its rootfs.
 */
final class MountTargets {
    private MountTargets() {
    }

    static void create(Path rootfs, LxcSetup.Target target) throws IOException {
        Path current = rootfs;
        Path relative = Path.of("/").relativize(Path.of(target.path()).normalize());
        int n = relative.getNameCount();
        for (int i = 0; i < n; i++) {
            String name = relative.getName(i).toString();
            if (name.isEmpty()) {
                return;
            }
            if (name.equals("..")) {
                throw new IOException("mount target " + target.path() + " leaves the rootfs");
            }
            current = current.resolve(name);
            boolean last = i == n - 1;
            if (Files.isSymbolicLink(current)) {
                throw new IOException("mount target " + target.path() + " goes through a symbolic link in a read-only rootfs");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (last && !target.directory()) {
                Files.createFile(current);
            } else {
                Files.createDirectory(current);
            }
        }
    }
}
