package io.isula.image.oci.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Linux file system calls through JNA, none of which follows a symbolic link in the last path component
 * (except {@link #chmod}, for paths known not to be links). Paths are C strings made by {@link #path}; a
 * failure is an {@link ErrnoException} naming the call, the path and the reason.
 */
public final class Libc {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int E2BIG = 7;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EMLINK = 31;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_SIZE = 256;

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    // arm and powerpc number O_DIRECTORY/O_NOFOLLOW differently from the generic (x86, riscv, s390) values
    private static final boolean ARM_STYLE = Platform.isARM() || Platform.isPPC();
    private static final int O_DIRECTORY = ARM_STYLE ? 040000 : 0200000;
    private static final int O_NOFOLLOW = ARM_STYLE ? 0100000 : 0400000;

    private static final int DIRENT_NAME_OFFSET = 19;

    // FS_IOC_GETFLAGS/SETFLAGS (_IOR/_IOW('f', 1/2, long)) in the generic ioctl encoding; powerpc, mips and sparc
    // encode directions differently and are left out
    private static final boolean GENERIC_IOCTL = !(Platform.isPPC() || Platform.isMIPS() || Platform.isSPARC());
    private static final long FS_IOC_GETFLAGS = (2L << 30) | ((long) Native.LONG_SIZE << 16) | ('f' << 8) | 1;
    private static final long FS_IOC_SETFLAGS = (1L << 30) | ((long) Native.LONG_SIZE << 16) | ('f' << 8) | 2;
    private static final int FS_TOPDIR_FL = 0x00020000;

    private Libc() {
    }

    /** The C string of a path or name (UTF-8, NUL-terminated). */
    public static byte[] path(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** The C string of raw name bytes (no NUL inside). */
    public static byte[] path(byte[] raw) {
        return Arrays.copyOf(raw, raw.length + 1);
    }

    /** {@code dir + "/" + name} as a C string; {@code dir} is a C string, {@code name} raw bytes without NUL. */
    public static byte[] child(byte[] dir, byte[] name) {
        int dirLength = dir.length - 1;
        byte[] joined = new byte[dirLength + 1 + name.length + 1];
        System.arraycopy(dir, 0, joined, 0, dirLength);
        joined[dirLength] = '/';
        System.arraycopy(name, 0, joined, dirLength + 1, name.length);
        return joined;
    }

    /** A C string as text, for messages and tar headers. */
    public static String text(byte[] cPath) {
        int length = cPath.length > 0 && cPath[cPath.length - 1] == 0 ? cPath.length - 1 : cPath.length;
        return new String(cPath, 0, length, StandardCharsets.UTF_8);
    }

    /** Creates a regular file that must not exist yet; never follows a link there. Returns the open descriptor. */
    public static int createFile(byte[] path, int mode) throws ErrnoException {
        try {
            return LibcCalls.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        } catch (LastErrorException e) {
            throw error("create", path, e);
        }
    }

    /** Opens a file for reading; fails with ELOOP on a symbolic link. */
    public static int openForReading(byte[] path) throws ErrnoException {
        try {
            return LibcCalls.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw error("open", path, e);
        }
    }

    /** Opens a directory to read it; fails with ELOOP on a symbolic link and ENOTDIR on anything else. */
    public static int openDirectory(byte[] path) throws ErrnoException {
        try {
            return LibcCalls.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw error("open", path, e);
        }
    }

    public static void close(int fd, byte[] path) throws ErrnoException {
        try {
            LibcCalls.close(fd);
        } catch (LastErrorException e) {
            throw error("close", path, e);
        }
    }

    /** Reads up to {@code count} bytes into the start of {@code buffer} (a direct buffer); 0 at the end of the file. */
    public static int read(int fd, ByteBuffer buffer, int count, byte[] path) throws ErrnoException {
        Pointer p = Native.getDirectBufferPointer(buffer);
        while (true) {
            try {
                return (int) LibcCalls.read(fd, p, Math.min(count, buffer.capacity()));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw error("read", path, e);
                }
            }
        }
    }

    /** Writes the first {@code count} bytes of {@code buffer} (a direct buffer) completely. */
    public static void writeFully(int fd, ByteBuffer buffer, int count, byte[] path) throws ErrnoException {
        Pointer p = Native.getDirectBufferPointer(buffer);
        long done = 0;
        while (done < count) {
            try {
                done += LibcCalls.write(fd, p.share(done), count - done);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw error("write", path, e);
                }
            }
        }
    }

    public static void mkdir(byte[] path, int mode) throws ErrnoException {
        try {
            LibcCalls.mkdir(path, mode);
        } catch (LastErrorException e) {
            throw error("mkdir", path, e);
        }
    }

    /** mknod(2); {@code mode} holds the file type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO}) and permissions. */
    public static void mknod(byte[] path, int mode, int major, int minor) throws ErrnoException {
        try {
            LibcCalls.mknod(path, mode, makedev(major, minor));
        } catch (LastErrorException e) {
            throw error("mknod", path, e);
        }
    }

    /** A symbolic link at {@code path} holding {@code target} byte for byte. */
    public static void symlink(byte[] target, byte[] path) throws ErrnoException {
        try {
            LibcCalls.symlink(target, path);
        } catch (LastErrorException e) {
            throw error("symlink", path, e);
        }
    }

    /** A hard link; Linux's link(2) does not follow a symbolic link at {@code existing}, it links the link. */
    public static void link(byte[] existing, byte[] path) throws ErrnoException {
        try {
            LibcCalls.link(existing, path);
        } catch (LastErrorException e) {
            throw error("link " + text(existing) + " to", path, e);
        }
    }

    public static void unlink(byte[] path) throws ErrnoException {
        try {
            LibcCalls.unlink(path);
        } catch (LastErrorException e) {
            throw error("unlink", path, e);
        }
    }

    public static void rmdir(byte[] path) throws ErrnoException {
        try {
            LibcCalls.rmdir(path);
        } catch (LastErrorException e) {
            throw error("rmdir", path, e);
        }
    }

    public static void lchown(byte[] path, long uid, long gid) throws ErrnoException {
        try {
            LibcCalls.lchown(path, (int) uid, (int) gid);
        } catch (LastErrorException e) {
            throw error("lchown", path, e);
        }
    }

    public static void fchown(int fd, long uid, long gid, byte[] path) throws ErrnoException {
        try {
            LibcCalls.fchown(fd, (int) uid, (int) gid);
        } catch (LastErrorException e) {
            throw error("chown", path, e);
        }
    }

    /** chmod(2), which follows links: only for paths known to be no symbolic link. Sets setuid/setgid/sticky too. */
    public static void chmod(byte[] path, int mode) throws ErrnoException {
        try {
            LibcCalls.chmod(path, mode);
        } catch (LastErrorException e) {
            throw error("chmod", path, e);
        }
    }

    public static void fchmod(int fd, int mode, byte[] path) throws ErrnoException {
        try {
            LibcCalls.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw error("chmod", path, e);
        }
    }

    /** Sets access and modification times of the path itself (a link's own times, not its target's). */
    public static void setTimes(byte[] path, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos)
            throws ErrnoException {
        try {
            LibcCalls.utimensat(AT_FDCWD, path, new long[] {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos},
                    AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw error("utimensat", path, e);
        }
    }

    public static void setTimes(int fd, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos,
            byte[] path) throws ErrnoException {
        try {
            LibcCalls.futimens(fd, new long[] {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos});
        } catch (LastErrorException e) {
            throw error("futimens", path, e);
        }
    }

    public static void setXattr(byte[] path, String name, byte[] value) throws ErrnoException {
        try {
            LibcCalls.lsetxattr(path, path(name), value, value.length, 0);
        } catch (LastErrorException e) {
            throw error("lsetxattr " + name + " on", path, e);
        }
    }

    public static void setXattr(int fd, String name, byte[] value, byte[] path) throws ErrnoException {
        try {
            LibcCalls.fsetxattr(fd, path(name), value, value.length, 0);
        } catch (LastErrorException e) {
            throw error("fsetxattr " + name + " on", path, e);
        }
    }

    /** The extended attribute, or null when the path has none of that name. */
    public static byte[] getXattr(byte[] path, String name) throws ErrnoException {
        byte[] cName = path(name);
        for (int attempt = 0; ; attempt++) {
            try {
                long size = LibcCalls.lgetxattr(path, cName, null, 0);
                byte[] value = new byte[(int) size];
                long read = LibcCalls.lgetxattr(path, cName, value, value.length);
                return read == size ? value : Arrays.copyOf(value, (int) read);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA) {
                    return null;
                }
                if (e.getErrorCode() != ERANGE || attempt > 3) { // ERANGE: it grew between the two calls
                    throw error("lgetxattr " + name + " on", path, e);
                }
            }
        }
    }

    /** The names of the path's extended attributes (those the caller may see). */
    public static List<String> listXattrs(byte[] path) throws ErrnoException {
        for (int attempt = 0; ; attempt++) {
            try {
                long size = LibcCalls.llistxattr(path, null, 0);
                if (size == 0) {
                    return List.of();
                }
                byte[] list = new byte[(int) size];
                int length = (int) LibcCalls.llistxattr(path, list, list.length);
                List<String> names = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < length; i++) {
                    if (list[i] == 0) {
                        names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                        start = i + 1;
                    }
                }
                return names;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EOPNOTSUPP) {
                    return List.of();
                }
                if (e.getErrorCode() != ERANGE || attempt > 3) {
                    throw error("llistxattr", path, e);
                }
            }
        }
    }

    /** The status of the path itself (lstat), or an {@link ErrnoException} (ENOENT when missing). */
    public static Stat lstat(byte[] path) throws ErrnoException {
        byte[] buf = new byte[STATX_SIZE];
        try {
            LibcCalls.statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw error("lstat", path, e);
        }
        return Stat.of(ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()));
    }

    /** The status of the path itself, or null when nothing is there. */
    public static Stat lstatIfExists(byte[] path) throws ErrnoException {
        try {
            return lstat(path);
        } catch (ErrnoException e) {
            if (e.errno() == ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** The target of a symbolic link, byte for byte. */
    public static byte[] readlink(byte[] path) throws ErrnoException {
        for (int size = 256; ; size *= 4) {
            byte[] buf = new byte[size];
            long length;
            try {
                length = LibcCalls.readlink(path, buf, size);
            } catch (LastErrorException e) {
                throw error("readlink", path, e);
            }
            if (length < size) {
                return Arrays.copyOf(buf, (int) length);
            }
        }
    }

    /** The names in a directory (without "." and ".."), as raw bytes, in the order the file system returns them. */
    public static List<byte[]> list(byte[] dir) throws ErrnoException {
        Pointer stream;
        try {
            stream = LibcCalls.opendir(dir);
        } catch (LastErrorException e) {
            throw error("opendir", dir, e);
        }
        try {
            List<byte[]> names = new ArrayList<>();
            while (true) {
                Native.setLastError(0);
                Pointer entry = LibcCalls.readdir(stream);
                if (entry == null) {
                    int errno = Native.getLastError();
                    if (errno != 0) {
                        throw new ErrnoException("readdir", text(dir), errno, LibcCalls.strerror(errno));
                    }
                    return names;
                }
                int length = (int) entry.indexOf(DIRENT_NAME_OFFSET, (byte) 0); // counted from the offset
                byte[] name = entry.getByteArray(DIRENT_NAME_OFFSET, length);
                if (!isDotOrDotDot(name)) {
                    names.add(name);
                }
            }
        } finally {
            try {
                LibcCalls.closedir(stream);
            } catch (LastErrorException ignored) {
                // nothing was written through a directory stream
            }
        }
    }

    /** Removes a path and, for a directory, everything below it; links are removed, never followed. */
    public static void removeTree(byte[] path) throws ErrnoException {
        Stat stat = lstatIfExists(path);
        if (stat == null) {
            return;
        }
        if (stat.isDirectory()) {
            for (byte[] name : list(path)) {
                removeTree(child(path, name));
            }
            rmdir(path);
        } else {
            unlink(path);
        }
    }

    /**
     * Marks a directory as the top of a directory hierarchy ({@code chattr +T}): ext4 then places each new subdirectory
     * in a block group of its own choosing instead of next to its parent. Best effort: false where the file system or
     * the platform has no such flag (nothing changed then).
     */
    public static boolean markTopDirectory(byte[] path) throws ErrnoException {
        if (!GENERIC_IOCTL) {
            return false;
        }
        int fd = openDirectory(path);
        try {
            int[] flags = new int[1];
            LibcCalls.ioctl(fd, FS_IOC_GETFLAGS, flags);
            if ((flags[0] & FS_TOPDIR_FL) == 0) {
                flags[0] |= FS_TOPDIR_FL;
                LibcCalls.ioctl(fd, FS_IOC_SETFLAGS, flags);
            }
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            close(fd, path);
        }
    }

    public static int effectiveUid() {
        return LibcCalls.geteuid();
    }

    public static int effectiveGid() {
        return LibcCalls.getegid();
    }

    /** glibc's makedev(3). */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    private static ErrnoException error(String operation, byte[] path, LastErrorException e) {
        int errno = e.getErrorCode();
        return new ErrnoException(operation, text(path), errno, LibcCalls.strerror(errno));
    }

    /** What lstat reports about a path; the fields of struct statx the layer code uses. */
    public record Stat(int mode, long uid, long gid, long nlink, long inode, int devMajor, int devMinor,
            int rdevMajor, int rdevMinor, long size, long atimeSeconds, int atimeNanos, long mtimeSeconds,
            int mtimeNanos) {

        static Stat of(ByteBuffer b) {
            return new Stat(Short.toUnsignedInt(b.getShort(28)), Integer.toUnsignedLong(b.getInt(20)),
                    Integer.toUnsignedLong(b.getInt(24)), Integer.toUnsignedLong(b.getInt(16)), b.getLong(32),
                    b.getInt(136), b.getInt(140), b.getInt(128), b.getInt(132), b.getLong(40),
                    b.getLong(64), b.getInt(72), b.getLong(112), b.getInt(120));
        }

        public int type() {
            return mode & S_IFMT;
        }

        /** Permission bits with setuid, setgid and sticky. */
        public int permissions() {
            return mode & 07777;
        }

        public boolean isDirectory() {
            return type() == S_IFDIR;
        }

        public boolean isSymlink() {
            return type() == S_IFLNK;
        }

        public boolean isRegularFile() {
            return type() == S_IFREG;
        }
    }
}
