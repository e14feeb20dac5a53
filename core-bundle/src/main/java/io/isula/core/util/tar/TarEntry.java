package io.isula.core.util.tar;

/**
 * One member of a tar archive.
 *
 * @param name     the path inside the archive ({@code dir/file}; directories without a trailing slash)
 * @param type     what it is
 * @param mode     permission bits with setuid, setgid and sticky ({@code 07777})
 * @param uid      owner
 * @param gid      group
 * @param size     bytes of content (regular files only)
 * @param mtime    modification time, seconds since the epoch
 * @param linkName target of a symbolic or hard link, else null
 */
public record TarEntry(String name, Type type, int mode, int uid, int gid, long size, long mtime, String linkName) {
    public enum Type {
        FILE('0'), HARDLINK('1'), SYMLINK('2'), CHAR_DEVICE('3'), BLOCK_DEVICE('4'), DIRECTORY('5'), FIFO('6');

        final char flag;

        Type(char flag) {
            this.flag = flag;
        }

        static Type of(char flag) {
            for (Type t : values()) {
                if (t.flag == flag) {
                    return t;
                }
            }
            return flag == '\0' || flag == '7' ? FILE : null;
        }
    }

    public TarEntry withName(String newName) {
        return new TarEntry(newName, type, mode, uid, gid, size, mtime, linkName);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
